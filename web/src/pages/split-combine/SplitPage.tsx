import { DeleteOutlined, PlusOutlined, ScissorOutlined, SettingOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Descriptions, Drawer, Form, Input, InputNumber, Radio, Row, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDocumentPost, type FieldNameMapper } from '../../api/hooks.js';
import { useCan } from '../../auth/AuthContext.js';
import type { StockOperation } from '../../api/types.js';
import { ItemPicker } from '../../components/ItemPicker.js';
import type { PickedItem } from '../../components/ItemPicker.js';
import { LocationSelect } from '../../components/LocationSelect.js';
import { PageTitle } from '../../components/PageTitle.js';
import { YenInput } from '../../components/YenInput.js';
import { useAttributeLabels, useDefaultLocationId } from '../../data/ReferenceData.js';
import { clearErrorsOnChange } from '../../lib/formErrors.js';
import { formatQuantity, formatYen, type Locale } from '../../lib/format.js';
import { CARATS, measureRule, YEN } from '../../lib/measures.js';
import { Link } from '../../lib/router.js';
import { ItemFormFields } from '../items/ItemFormFields.js';
import { mapItemField, toItemAttributes, type ItemFormValues } from '../items/itemFormValues.js';
import { OperationResult } from './OperationResult.js';

interface SplitChildValues extends ItemFormValues {
  ratio?: number | null;
  allocatedCost?: number | null;
}

interface SplitFormValues {
  locationId?: number;
  allocation: 'ratio' | 'amount';
  note?: string;
  children: SplitChildValues[];
}

/** "children.2.attributes.name" from the API is ['children', 2, 'name'] on the form; a child's cost is allocatedCost. */
const mapSplitField: FieldNameMapper = (path) => {
  if (path[0] !== 'children') return path;
  if (path[2] === 'attributes') return mapItemField([...path.slice(0, 2), ...path.slice(3)]);
  if (path[2] === 'cost') return [path[0], path[1]!, 'allocatedCost'];
  return path;
};

/**
 * Estimated cost of each child under ratio allocation, for the preview only: the server
 * allocates exactly, so that the parts add up to the lot's cost to the yen.
 */
function previewRatioCosts(lotCost: number, ratios: number[]): number[] {
  const sum = ratios.reduce((a, b) => a + b, 0);
  if (sum <= 0) return ratios.map(() => 0);
  return ratios.map((ratio) => Math.floor((lotCost * ratio) / sum));
}

/** Attributes that a child row shows in its own row. Its details drawer shows the rest. */
const CHILD_FIELDS = ['name', 'category', 'mainStoneKind', 'mainStoneCaratCt', 'retailPrice'];

/** Split one lot (a parcel of stones, a set) into several pieces with its cost allocated. */
export function SplitPage() {
  const { t, i18n } = useTranslation();
  const locale: Locale = i18n.language === 'en' ? 'en' : 'ja';
  const { options } = useAttributeLabels();
  const [form] = Form.useForm<SplitFormValues>();
  const defaultLocationId = useDefaultLocationId();
  const locationId = Form.useWatch('locationId', form);
  const allocation = (Form.useWatch('allocation', form) ?? 'ratio') as 'ratio' | 'amount';
  const children = (Form.useWatch('children', { form, preserve: true }) ?? []) as SplitChildValues[];
  const [lot, setLot] = useState<PickedItem>();
  const [detailsIndex, setDetailsIndex] = useState<number>();
  const [result, setResult] = useState<StockOperation>();
  const { post, saving } = useDocumentPost<StockOperation>('/api/split');
  const { message } = App.useApp();
  // Without 'cost.view' the lot comes without its cost: the split goes by ratio, with no cost preview.
  const canSeeCost = useCan()('cost.view');

  const lotQuantity = lot?.balances.find((b) => b.locationId === locationId)?.quantity ?? 0;
  const lotCost = lot?.cost === undefined ? 0 : lot.cost * lotQuantity;
  const ratioCosts = previewRatioCosts(lotCost, children.map((child) => child.ratio ?? 0));
  const amountSum = children.reduce((sum, child) => sum + (child.allocatedCost ?? 0), 0);

  const pickLot = (item: PickedItem) => {
    const quantity = item.balances.find((b) => b.locationId === locationId)?.quantity ?? 0;
    if (quantity <= 0) {
      void message.error(t('lines.notAtLocation', { stockNumber: item.stockNumber }));
      return;
    }
    setLot(item);
  };

  const save = async () => {
    // Every stored value, including details entered in a drawer that is now closed.
    const values = form.getFieldsValue(true) as SplitFormValues;
    if (!lot) {
      void message.error(t('split.chooseLot'));
      return;
    }
    const operation = await post(
      {
        itemId: lot.id,
        locationId: values.locationId,
        allocation: values.allocation,
        note: values.note,
        children: values.children.map((child) => ({
          attributes: toItemAttributes({ ...child, cost: 0 }),
          ratio: values.allocation === 'ratio' ? (child.ratio ?? undefined) : undefined,
          cost: values.allocation === 'amount' ? (child.allocatedCost ?? undefined) : undefined,
        })),
      },
      form,
      mapSplitField,
    );
    if (operation) setResult(operation);
  };

  if (result) {
    return (
      <OperationResult
        operation={result}
        onNext={() => {
          setResult(undefined);
          setLot(undefined);
          form.resetFields();
        }}
      />
    );
  }

  const newChild = (): SplitChildValues => ({ category: 'loose_stone', tracking: 'unique', condition: 'new' });

  return (
    <>
      <PageTitle title={t('split.title')} subtitle={t('split.lead')} />
      <Form<SplitFormValues>
        onValuesChange={clearErrorsOnChange(form)}
        form={form}
        layout="vertical"
        initialValues={{ locationId: defaultLocationId, allocation: 'ratio', children: [newChild(), newChild()] }}
        onFinish={() => void save()}
        data-testid="split-form"
      >
        <Card size="small" style={{ marginBottom: 12 }}>
          <Row gutter={12}>
            <Col xs={24} md={8}>
              <Form.Item name="locationId" label={t('split.location')} rules={[{ required: true, message: t('common.chooseLocation') }]}>
                <LocationSelect scope="act" onChange={() => setLot(undefined)} />
              </Form.Item>
            </Col>
            <Col xs={24} md={16}>
              <Form.Item label={t('split.lot')} required>
                <ItemPicker locationId={locationId} disabled={!locationId} onPick={pickLot} />
              </Form.Item>
            </Col>
          </Row>
          {lot && (
            <Descriptions size="small" bordered column={{ xs: 1, md: 3 }}>
              <Descriptions.Item label={t('split.lot')}>
                <Link to={`/items/${lot.id}`}>{lot.stockNumber}</Link> {lot.name}
              </Descriptions.Item>
              <Descriptions.Item label={t('lines.quantity')}>{formatQuantity(lotQuantity, lot.unit, locale)}</Descriptions.Item>
              {canSeeCost && lot.cost !== undefined && (
                <Descriptions.Item label={t('split.lotCost')}>
                  <span data-testid="split-lot-cost">{formatYen(lotCost)}</span>
                </Descriptions.Item>
              )}
            </Descriptions>
          )}
        </Card>

        <Card
          size="small"
          title={t('split.children')}
          style={{ marginBottom: 12 }}
          extra={
            canSeeCost && (
              <Form.Item name="allocation" noStyle>
                <Radio.Group
                  optionType="button"
                  options={[
                    { value: 'ratio', label: t('split.byRatio') },
                    { value: 'amount', label: t('split.byAmount') },
                  ]}
                />
              </Form.Item>
            )
          }
        >
          <Typography.Paragraph type="secondary">{allocation === 'ratio' ? t('split.ratioHint') : t('split.amountHint')}</Typography.Paragraph>
          <Form.List name="children">
            {(fields, { add, remove }) => (
              <Space direction="vertical" style={{ width: '100%' }}>
                {fields.map((field, index) => (
                  <div key={field.key} style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'flex-end', padding: 8, border: '1px solid #f0f0f0', borderRadius: 6 }}>
                    <Typography.Text type="secondary" style={{ width: 24, paddingBottom: 6 }}>
                      {index + 1}
                    </Typography.Text>
                    <Form.Item name={[field.name, 'name']} label={t('items.name')} rules={[{ required: true, message: t('common.required') }]} style={{ flex: '1 1 200px', marginBottom: 0 }}>
                      <Input maxLength={200} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'category']} label={t('items.category')} rules={[{ required: true, message: t('common.required') }]} style={{ width: 140, marginBottom: 0 }}>
                      <Select showSearch={{ optionFilterProp: 'label' }} options={options('categories')} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'mainStoneKind']} label={t('items.mainStoneKind')} style={{ width: 130, marginBottom: 0 }}>
                      <Input maxLength={50} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'mainStoneCaratCt']} label={t('items.mainStoneCarat')} rules={[measureRule(t, CARATS)]} style={{ width: 110, marginBottom: 0 }}>
                      <InputNumber<number> step={0.001} suffix="ct" style={{ width: '100%' }} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'retailPrice']} label={t('items.retailPrice')} rules={[{ required: true, message: t('common.required') }, measureRule(t, YEN)]} style={{ width: 130, marginBottom: 0 }}>
                      <YenInput />
                    </Form.Item>
                    {allocation === 'ratio' ? (
                      <>
                        <Form.Item name={[field.name, 'ratio']} label={t('split.ratio')} rules={[{ required: true, message: t('common.required') }]} style={{ width: 110, marginBottom: 0 }}>
                          <InputNumber<number> min={0} step={0.001} style={{ width: '100%' }} />
                        </Form.Item>
                        {canSeeCost && (
                          <div style={{ width: 110, textAlign: 'right', paddingBottom: 6 }}>
                            <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
                              {t('split.estimatedCost')}
                            </Typography.Text>
                            ≈ {formatYen(ratioCosts[index] ?? 0)}
                          </div>
                        )}
                      </>
                    ) : (
                      <Form.Item name={[field.name, 'allocatedCost']} label={t('split.cost')} rules={[{ required: true, message: t('common.required') }, measureRule(t, YEN)]} style={{ width: 130, marginBottom: 0 }}>
                        <YenInput />
                      </Form.Item>
                    )}
                    <Space size={0}>
                      <Button type="text" icon={<SettingOutlined />} aria-label={t('purchases.details')} title={t('purchases.details')} onClick={() => setDetailsIndex(index)} />
                      <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('common.remove')} disabled={fields.length <= 2} onClick={() => remove(field.name)} />
                    </Space>
                  </div>
                ))}
                <Button icon={<PlusOutlined />} onClick={() => add(newChild())}>
                  {t('split.addChild')}
                </Button>
              </Space>
            )}
          </Form.List>
          {allocation === 'amount' && lot && amountSum !== lotCost && (
            <Alert
              type="warning"
              showIcon
              style={{ marginTop: 12 }}
              title={t('split.amountMismatch', { sum: formatYen(amountSum), lotCost: formatYen(lotCost), difference: formatYen(lotCost - amountSum) })}
            />
          )}
        </Card>
        <Form.Item name="note" label={t('common.notes')}>
          <Input maxLength={1000} />
        </Form.Item>
        <Button type="primary" htmlType="submit" icon={<ScissorOutlined />} loading={saving} disabled={!lot}>
          {t('split.submit')}
        </Button>
        <Drawer
          open={detailsIndex !== undefined}
          size={720}
          title={t('split.childDetails', { line: (detailsIndex ?? 0) + 1 })}
          onClose={() => setDetailsIndex(undefined)}
          destroyOnHidden
          extra={<Button onClick={() => setDetailsIndex(undefined)}>{t('common.close')}</Button>}
        >
          {detailsIndex !== undefined && <ItemFormFields prefix={['children', detailsIndex]} withCostAndSupplier={false} exclude={CHILD_FIELDS} />}
        </Drawer>
      </Form>
    </>
  );
}
