import { ArrowLeftOutlined, EditOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Descriptions, Drawer, Empty, Form, Image, List, Result, Row, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useApiQuery, useErrorReporter } from '../../api/hooks.js';
import type { ItemDetail, ItemLineage } from '../../api/types.js';
import { useCan } from '../../auth/AuthContext.js';
import { LoadError } from '../../components/LoadError.js';
import { PageTitle } from '../../components/PageTitle.js';
import { useAttributeLabels } from '../../data/ReferenceData.js';
import { clearErrorsOnChange, clearFieldErrors } from '../../lib/formErrors.js';
import { formatCarats, formatDateTime, formatGrams, formatLengthCm, formatQuantity, formatRingSize, formatYen, type Locale } from '../../lib/format.js';
import { Link } from '../../lib/router.js';
import type { PageProps } from '../../routes.js';
import { ItemFormFields } from './ItemFormFields.js';
import { ItemHistory } from './ItemHistory.js';
import { mapItemField, toItemAttributes, toItemFormValues, type ItemFormValues } from './itemFormValues.js';
import { STATUS_COLORS } from './ItemsListPage.js';
import { ConsignedTag, type ItemConsignor } from '../consignment-in/ConsignedTag.js';
import { PrintTagsButton } from '../price-tags/PrintTagsDialog.js';
import { TagStatusAlert } from '../price-tags/TagStatusAlert.js';

function LineageList({ title, entries, emptyText }: { title: string; entries: ItemLineage[]; emptyText: string }) {
  const { t } = useTranslation();
  return (
    <div>
      <Typography.Text strong>{title}</Typography.Text>
      <List
        size="small"
        dataSource={entries}
        locale={{ emptyText }}
        renderItem={(entry) => (
          <List.Item>
            <Space wrap>
              <Link to={`/items/${entry.itemId}`}>{entry.stockNumber}</Link>
              <span>{entry.name}</span>
              <Tag>{t(`lineage.${entry.operationKind}`)}</Tag>
              <Typography.Text type="secondary">{entry.operationNumber}</Typography.Text>
              {entry.allocatedCost !== undefined && <Typography.Text type="secondary">{t('lineage.allocatedCost', { cost: formatYen(entry.allocatedCost) })}</Typography.Text>}
            </Space>
          </List.Item>
        )}
      />
    </div>
  );
}

function EditDrawer({ item, onClose, onSaved }: { item: ItemDetail; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ItemFormValues>();
  const [saving, setSaving] = useState(false);
  const reportError = useErrorReporter();
  const { message } = App.useApp();

  const save = async (values: ItemFormValues) => {
    clearFieldErrors(form);
    setSaving(true);
    try {
      await api.put(`/api/items/${item.id}`, toItemAttributes(values));
      void message.success(t('common.saved'));
      onSaved();
    } catch (error) {
      reportError(error, form, mapItemField);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer
      open
      size={720}
      title={t('items.editTitle', { stockNumber: item.stockNumber })}
      onClose={onClose}
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="item-save">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <Form<ItemFormValues> form={form} layout="vertical" onValuesChange={clearErrorsOnChange(form)} initialValues={toItemFormValues(item)} onFinish={(values) => void save(values)} data-testid="item-form">
        <ItemFormFields trackingEditable={false} />
      </Form>
    </Drawer>
  );
}

/** Shows one item: attributes, prices, stock per location, photos, lineage and its history. */
/** Returns the consignor that the detail of a consigned piece carries, or null for our own pieces. */
function consignorOf(item: ItemDetail): ItemConsignor | null {
  return (item as ItemDetail & { consignor?: ItemConsignor | null }).consignor ?? null;
}

export function ItemDetailPage({ params }: PageProps) {
  const { t, i18n } = useTranslation();
  const locale: Locale = i18n.language === 'en' ? 'en' : 'ja';
  const { label } = useAttributeLabels();
  const id = Number(params.id);
  const { data: item, error, loading, reload } = useApiQuery<ItemDetail>(Number.isInteger(id) && id > 0 ? `/api/items/${id}` : null);
  const [editing, setEditing] = useState(false);
  const [historyKey, setHistoryKey] = useState(0);
  const [tagPrints, setTagPrints] = useState(0);
  const can = useCan();

  if (!Number.isInteger(id) || id <= 0) return <Result status="404" title={t('errors.pageNotFound')} />;
  if (error && !item) return <LoadError error={error} onRetry={reload} />;
  if (loading && !item) return <Skeleton active />;
  if (!item) return null;

  const attribute = (value: string | null | undefined) => value || '—';
  // Staff limited to some locations may change only items at those locations; the server
  // reports whether this one is, by the same rule it enforces on save.
  const editable = can('items.edit') && item.atUsersLocations;

  return (
    <>
      <PageTitle
        title={
          <Space wrap>
            <span data-testid="item-stock-number">{item.stockNumber}</span>
            <span style={{ fontWeight: 400 }}>{item.name}</span>
            <Tag color={STATUS_COLORS[item.status]}>{label('statuses', item.status)}</Tag>
            <ConsignedTag consignor={consignorOf(item)} />
          </Space>
        }
        extra={
          <>
            <Button icon={<ArrowLeftOutlined />} onClick={() => window.history.back()}>
              {t('common.back')}
            </Button>
            <PrintTagsButton source={{ stockNumbers: [item.stockNumber] }} onPrinted={() => setTagPrints((count) => count + 1)} testId="item-print-tag" />
            {editable && (
              <Button type="primary" icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="item-edit">
                {t('common.edit')}
              </Button>
            )}
          </>
        }
      />
      {/* Keyed by the price, so the warning is read again after an edit or a print. */}
      <TagStatusAlert key={`${item.retailPrice}-${item.priceBasis}-${item.taxRatePercent}-${item.updatedAt}-${tagPrints}`} itemId={item.id} stockNumber={item.stockNumber} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card size="small" title={t('items.sectionAttributes')}>
            <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered>
              <Descriptions.Item label={t('items.category')}>{label('categories', item.category)}</Descriptions.Item>
              <Descriptions.Item label={t('items.brand')}>{attribute(item.brand)}</Descriptions.Item>
              <Descriptions.Item label={t('items.metal')}>{attribute(item.metal)}</Descriptions.Item>
              <Descriptions.Item label={t('items.metalWeight')}>{formatGrams(item.metalWeightCg) || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('items.mainStone')}>
                {[item.mainStoneKind, formatCarats(item.mainStoneCaratMct), label('shapes', item.mainStoneShape), item.mainStoneColor, label('clarities', item.mainStoneClarity), label('cuts', item.mainStoneCut)]
                  .filter(Boolean)
                  .join(' / ') || '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('items.sideStonesCarat')}>{formatCarats(item.sideStonesCaratMct) || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('items.ringSize')}>{formatRingSize(item.ringSizeTenths, locale) || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('items.length')}>{formatLengthCm(item.lengthMm) || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('items.condition')}>
                {label('conditions', item.condition)}
                {item.conditionGrade ? ` (${label('grades', item.conditionGrade)})` : ''}
              </Descriptions.Item>
              <Descriptions.Item label={t('items.certificate')}>
                {item.certificateKind ? [label('certificateKinds', item.certificateKind), item.certificateIssuer, item.certificateNumber].filter(Boolean).join(' / ') : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('items.janCode')}>{attribute(item.janCode)}</Descriptions.Item>
              <Descriptions.Item label={t('items.tracking')}>
                {label('trackings', item.tracking)}
                {item.tracking === 'quantity' ? ` (${label('units', item.unit)})` : ''}
              </Descriptions.Item>
              <Descriptions.Item label={t('items.supplier')}>{item.supplier ? `${item.supplier.code} ${item.supplier.name}` : '—'}</Descriptions.Item>
              <Descriptions.Item label={t('consignment.ownership')}>
                {consignorOf(item) ? (
                  <Link to={`/consignment/consignors/${consignorOf(item)!.id}`}>{`${t('consignment.ownershipConsigned')}: ${consignorOf(item)!.name}`}</Link>
                ) : (
                  t('consignment.ownershipOwn')
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t('items.createdAt')}>{formatDateTime(item.createdAt, locale)}</Descriptions.Item>
              <Descriptions.Item label={t('items.tags')} span={2}>
                {item.tags.length > 0 ? item.tags.map((tag) => <Tag key={tag}>{tag}</Tag>) : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('items.description')} span={2}>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{attribute(item.description)}</Typography.Paragraph>
              </Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            <Card size="small" title={t('items.sectionPrice')}>
              <Descriptions size="small" column={1}>
                <Descriptions.Item label={t('items.retailPriceLabel')}>
                  <Typography.Text strong style={{ fontSize: 18 }} data-testid="item-retail-price">
                    {formatYen(item.retailPrice)}
                  </Typography.Text>
                  <Typography.Text type="secondary" style={{ marginInlineStart: 8 }} data-testid="item-price-basis">
                    {item.priceBasis === 'excluded' ? t('items.taxExcludedRate', { rate: item.taxRatePercent }) : t('items.taxIncludedRate', { rate: item.taxRatePercent })}
                  </Typography.Text>
                </Descriptions.Item>
                {/* The server converts the price with the company's rounding, as a receipt would. */}
                {item.priceBasis === 'excluded' && (
                  <Descriptions.Item label={t('items.retailPrice')}>
                    <Typography.Text strong data-testid="item-retail-price-including-tax">
                      {formatYen(item.retailPriceIncludingTax)}
                    </Typography.Text>
                  </Descriptions.Item>
                )}
                {can('cost.view') && item.cost !== undefined && <Descriptions.Item label={t('items.cost')}>{formatYen(item.cost)}</Descriptions.Item>}
              </Descriptions>
            </Card>
            <Card size="small" title={t('items.sectionStock')}>
              <Table
                rowKey="locationId"
                size="small"
                pagination={false}
                dataSource={item.balances}
                locale={{ emptyText: t('items.noStock') }}
                columns={[
                  {
                    title: t('items.location'),
                    dataIndex: 'locationName',
                    render: (value: string, balance) => (
                      <Space>
                        {value}
                        {balance.locationKind === 'transit' && <Tag color="gold">{t('locationKind.transit')}</Tag>}
                      </Space>
                    ),
                  },
                  { title: t('lines.quantity'), dataIndex: 'quantity', align: 'right', render: (value: number) => formatQuantity(value, item.unit, locale) },
                ]}
                summary={() =>
                  item.balances.length > 1 ? (
                    <Table.Summary.Row>
                      <Table.Summary.Cell index={0}>{t('items.onHandTotal')}</Table.Summary.Cell>
                      <Table.Summary.Cell index={1} align="right">
                        {formatQuantity(item.onHand, item.unit, locale)}
                      </Table.Summary.Cell>
                    </Table.Summary.Row>
                  ) : null
                }
                data-testid="item-balances"
              />
            </Card>
            <Card size="small" title={t('items.photos')}>
              {item.photos.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('items.noPhotos')} />
              ) : (
                <Image.PreviewGroup>
                  <Space wrap>
                    {item.photos.map((photo) => (
                      <Image key={photo.id} src={photo.url} alt={photo.altText ?? item.name} width={96} height={96} style={{ objectFit: 'cover', borderRadius: 4 }} />
                    ))}
                  </Space>
                </Image.PreviewGroup>
              )}
            </Card>
            {(item.lineage.parents.length > 0 || item.lineage.children.length > 0) && (
              <Card size="small" title={t('lineage.title')}>
                <LineageList title={t('lineage.parents')} entries={item.lineage.parents} emptyText={t('lineage.none')} />
                <LineageList title={t('lineage.children')} entries={item.lineage.children} emptyText={t('lineage.none')} />
              </Card>
            )}
          </Space>
        </Col>
        <Col xs={24}>
          <Card size="small" title={t('history.title')}>
            <ItemHistory itemId={item.id} unit={item.unit} refreshKey={historyKey} />
          </Card>
        </Col>
      </Row>
      {editing && (
        <EditDrawer
          item={item}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            reload();
            setHistoryKey((key) => key + 1);
          }}
        />
      )}
    </>
  );
}
