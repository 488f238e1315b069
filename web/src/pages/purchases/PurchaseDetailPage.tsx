import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Result, Skeleton, Space, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/hooks.js';
import { useCan } from '../../auth/AuthContext.js';
import type { Purchase, PurchaseLine } from '../../api/types.js';
import { LoadError } from '../../components/LoadError.js';
import { PageTitle } from '../../components/PageTitle.js';
import { formatDateTime, formatQuantity, formatYen, type Locale } from '../../lib/format.js';
import { Link } from '../../lib/router.js';
import type { PageProps } from '../../routes.js';
import { PrintTagsButton } from '../price-tags/PrintTagsDialog.js';
import { SecondhandTable } from './SecondhandLedgerPage.js';

export function PurchaseDetailPage({ params }: PageProps) {
  const { t, i18n } = useTranslation();
  const locale: Locale = i18n.language === 'en' ? 'en' : 'ja';
  const id = Number(params.id);
  const valid = Number.isInteger(id) && id > 0;
  const canSeeCost = useCan()('cost.view');
  const { data: purchase, error, loading, reload } = useApiQuery<Purchase>(valid ? `/api/purchases/${id}` : null);

  if (!valid) return <Result status="404" title={t('errors.pageNotFound')} />;
  if (error) return <LoadError error={error} onRetry={reload} />;
  if (loading || !purchase) return <Skeleton active />;

  return (
    <>
      <PageTitle
        title={
          <Space>
            {t('purchases.slipTitle', { number: purchase.number })}
            {purchase.isSecondhand && <Tag color="purple">{t('purchases.secondhand')}</Tag>}
          </Space>
        }
        extra={
          <>
            <Button icon={<ArrowLeftOutlined />} onClick={() => window.history.back()}>
              {t('common.back')}
            </Button>
            <PrintTagsButton
              source={{ purchaseId: purchase.id }}
              pieceCount={new Set(purchase.lines.map((line) => line.itemId)).size}
              label={t('priceTags.printReceipt')}
              testId="purchase-print-tags"
            />
          </>
        }
      />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
          <Descriptions.Item label={t('purchases.supplier')}>{purchase.supplierName}</Descriptions.Item>
          <Descriptions.Item label={t('purchases.location')}>{purchase.locationName}</Descriptions.Item>
          <Descriptions.Item label={t('purchases.date')}>{purchase.purchasedOn}</Descriptions.Item>
          <Descriptions.Item label={t('purchases.supplierDocumentNumber')}>{purchase.supplierDocumentNumber ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('purchases.taxRate')}>{purchase.taxRatePercent}%</Descriptions.Item>
          <Descriptions.Item label={t('purchases.recordedAt')}>{formatDateTime(purchase.createdAt, locale)}</Descriptions.Item>
          <Descriptions.Item label={t('purchases.subtotal')}>{formatYen(purchase.subtotal)}</Descriptions.Item>
          <Descriptions.Item label={t('purchases.taxAmount')}>{formatYen(purchase.taxAmount)}</Descriptions.Item>
          <Descriptions.Item label={t('purchases.total')}>
            <strong>{formatYen(purchase.total)}</strong>
          </Descriptions.Item>
          {purchase.note && <Descriptions.Item label={t('common.notes')}>{purchase.note}</Descriptions.Item>}
        </Descriptions>
      </Card>
      <Card size="small" title={t('purchases.lines')} style={{ marginBottom: 16 }}>
        <Table<PurchaseLine>
          rowKey="lineNo"
          size="small"
          pagination={false}
          dataSource={purchase.lines}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: '#', dataIndex: 'lineNo', width: 48 },
            { title: t('items.stockNumber'), key: 'stockNumber', render: (_, line) => <Link to={`/items/${line.itemId}`}>{line.item.stockNumber}</Link> },
            { title: t('items.name'), key: 'name', render: (_, line) => line.item.name },
            { title: t('lines.quantity'), dataIndex: 'quantity', align: 'right', render: (value: number, line) => formatQuantity(value, line.item.unit, locale) },
            ...(canSeeCost ? [{ title: t('purchases.unitCost'), dataIndex: 'unitCost', align: 'right' as const, render: (value?: number) => formatYen(value) }] : []),
            { title: t('purchases.amount'), dataIndex: 'amount', align: 'right', render: (value: number) => formatYen(value) },
            // The item keeps its price on its own basis, so the basis is shown beside a tax-excluded price.
            {
              title: t('items.retailPriceLabel'),
              key: 'retailPrice',
              align: 'right',
              responsive: ['md'],
              render: (_, line) => `${formatYen(line.item.retailPrice)}（${line.item.priceBasis === 'excluded' ? t('items.priceExcluded') : t('items.priceIncluded')}）`,
            },
          ]}
        />
      </Card>
      {purchase.secondhandRecords.length > 0 && (
        <Card size="small" title={t('nav.secondhandLedger')}>
          <SecondhandTable entries={purchase.secondhandRecords} />
        </Card>
      )}
    </>
  );
}
