import { ArrowLeftOutlined, RollbackOutlined, StopOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Descriptions, Result, Row, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/hooks.js';
import { useCan } from '../../auth/AuthContext.js';
import { LoadError } from '../../components/LoadError.js';
import { PageTitle } from '../../components/PageTitle.js';
import { useReferenceData } from '../../data/ReferenceData.js';
import { formatDateTime, formatYen, type Locale } from '../../lib/format.js';
import { Link, navigate } from '../../lib/router.js';
import type { PageProps } from '../../routes.js';
import { ReceiptButtons } from './ReceiptButtons.js';
import { ReturnDialog } from './ReturnDialog.js';
import { SaleKindTag, SaleStatusTag } from './SaleTags.js';
import { SaleTotals } from './SaleTotals.js';
import { discountText, lineDiscountText } from './discounts.js';
import type { SaleLineOutput, SaleOutput } from './types.js';
import { VoidDialog } from './VoidDialog.js';
import { ConsignedTag, useItemConsignors } from '../consignment-in/ConsignedTag.js';

/** Shows one sale or return (売上詳細): lines, tax per rate, payments, staff, returns, and the reprint, return and void actions. */
export function SaleDetailPage({ params }: PageProps) {
  const { t, i18n } = useTranslation();
  const locale: Locale = i18n.language === 'en' ? 'en' : 'ja';
  const { message } = App.useApp();
  const can = useCan();
  const { locations } = useReferenceData();
  const id = Number(params.id);
  const valid = Number.isInteger(id) && id > 0;
  const { data: sale, error, loading, reload } = useApiQuery<SaleOutput>(valid ? `/api/sales/${id}` : null);
  const [dialog, setDialog] = useState<'return' | 'void'>();
  const consignors = useItemConsignors(sale?.lines.map((line) => line.itemId) ?? []);

  if (!valid) return <Result status="404" title={t('errors.pageNotFound')} />;
  if (error) return <LoadError error={error} onRetry={reload} />;
  if (loading && !sale) return <Skeleton active />;
  if (!sale) return <Skeleton active />;

  const isReturn = sale.kind === 'return';
  const canReturn = can('sales.refund') && !isReturn && sale.status === 'completed' && sale.lines.some((line) => line.returnableQuantity > 0);
  const canVoid = can('sales.refund') && sale.voidable;
  const locationName = (locationId: number | null) => (locationId === null ? t('sales.destinationWriteOff') : (locations.find((l) => l.id === locationId)?.name ?? String(locationId)));

  const onReturned = (returned: SaleOutput, exchange: boolean) => {
    setDialog(undefined);
    void message.success(t('sales.returned', { number: returned.number, total: formatYen(returned.total) }));
    if (exchange) {
      const query = new URLSearchParams({ exchangeOf: returned.number });
      if (sale.customerId !== null) {
        query.set('customerId', String(sale.customerId));
        if (sale.customerName) query.set('customerName', sale.customerName);
      }
      navigate(`/sales/new?${query.toString()}`);
    } else {
      reload();
    }
  };

  const lineColumns = [
    { title: '#', dataIndex: 'lineNo', width: 48 },
    { title: t('items.stockNumber'), dataIndex: 'stockNumber', render: (value: string, line: SaleLineOutput) => <Link to={`/items/${line.itemId}`}>{value}</Link> },
    {
      title: t('items.name'),
      dataIndex: 'itemName',
      render: (value: string, line: SaleLineOutput) => (
        <>
          <ConsignedTag consignor={consignors.get(line.itemId)} />
          {value}
        </>
      ),
    },
    { title: t('sales.quantity'), dataIndex: 'quantity', align: 'right' as const },
    {
      title: t('sales.unitPrice'),
      dataIndex: 'unitPrice',
      align: 'right' as const,
      render: (value: number, line: SaleLineOutput) => (
        <Space size={4}>
          {formatYen(value)}
          {line.priceBasis === 'excluded' && <Tag color="orange">{t('sales.priceExcluded')}</Tag>}
        </Space>
      ),
    },
    { title: t('sales.taxRate'), dataIndex: 'taxRatePercent', align: 'right' as const, render: (value: number) => `${value}%` },
    {
      title: t('sales.lineDiscount'),
      key: 'discount',
      align: 'right' as const,
      responsive: ['md' as const],
      render: (_: unknown, line: SaleLineOutput) => lineDiscountText(line),
    },
    {
      title: t('sales.allocatedReduction'),
      dataIndex: 'allocatedReduction',
      align: 'right' as const,
      responsive: ['lg' as const],
      render: (value: number) => (value > 0 ? formatYen(-value) : ''),
    },
    { title: t('sales.amount'), dataIndex: 'finalAmount', align: 'right' as const, render: (value: number) => <Typography.Text strong>{formatYen(value)}</Typography.Text> },
    isReturn
      ? { title: t('sales.returnDestination'), key: 'destination', render: (_: unknown, line: SaleLineOutput) => locationName(line.returnLocationId) }
      : { title: t('sales.returnable'), dataIndex: 'returnableQuantity', align: 'right' as const },
  ];

  return (
    <>
      <PageTitle
        title={
          <Space>
            <span data-testid="sale-number">{t(isReturn ? 'sales.returnHeading' : 'sales.saleHeading', { number: sale.number })}</span>
            <SaleKindTag kind={sale.kind} />
            <SaleStatusTag status={sale.status} />
          </Space>
        }
        extra={
          <>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/sales')}>
              {t('sales.listTitle')}
            </Button>
            {canReturn && (
              <Button icon={<RollbackOutlined />} onClick={() => setDialog('return')} data-testid="sale-return">
                {t('sales.returnButton')}
              </Button>
            )}
            {canVoid && (
              <Button danger icon={<StopOutlined />} onClick={() => setDialog('void')} data-testid="sale-void">
                {t('sales.void')}
              </Button>
            )}
          </>
        }
      />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
          <Descriptions.Item label={t('sales.soldAt')}>{formatDateTime(sale.soldAt, locale)}</Descriptions.Item>
          <Descriptions.Item label={t('sales.businessDate')}>{sale.businessDate}</Descriptions.Item>
          <Descriptions.Item label={t('registers.register')}>{`${sale.locationName} / ${sale.registerName}`}</Descriptions.Item>
          <Descriptions.Item label={t('sales.customer')}>
            {sale.customerId !== null && can('customers.personal_data') ? <Link to={`/customers/${sale.customerId}`}>{sale.customerName}</Link> : (sale.customerName ?? '—')}
          </Descriptions.Item>
          <Descriptions.Item label={t('sales.clerk')}>{sale.createdByName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('sales.staff')}>
            <span data-testid="sale-staff-list">{sale.staff.map((member) => (sale.staff.length > 1 ? `${member.displayName} ${member.sharePercent}%` : member.displayName)).join('、')}</span>
          </Descriptions.Item>
          {sale.originalSaleId !== null && (
            <Descriptions.Item label={t('sales.originalSale')}>
              <Link to={`/sales/${sale.originalSaleId}`}>{sale.originalSaleNumber}</Link>
            </Descriptions.Item>
          )}
          {sale.reason && <Descriptions.Item label={t('sales.returnReason')}>{sale.reason}</Descriptions.Item>}
          {sale.invoiceRegistrationNumber && <Descriptions.Item label={t('common.invoiceRegistrationNumber')}>{sale.invoiceRegistrationNumber}</Descriptions.Item>}
          <Descriptions.Item label={t('sales.receiptPrints')}>{sale.receiptPrintCount}</Descriptions.Item>
          {!isReturn && sale.refundedTotal > 0 && <Descriptions.Item label={t('sales.refundedTotal')}>{formatYen(sale.refundedTotal)}</Descriptions.Item>}
          {sale.voidedAt && (
            <Descriptions.Item label={t('sales.voidedAt')}>
              {formatDateTime(sale.voidedAt, locale)} {sale.voidReason ? `（${sale.voidReason}）` : ''}
            </Descriptions.Item>
          )}
          {sale.note && <Descriptions.Item label={t('sales.note')}>{sale.note}</Descriptions.Item>}
        </Descriptions>
      </Card>

      <Card size="small" title={t('sales.lines')} style={{ marginBottom: 16 }}>
        <Table<SaleLineOutput> rowKey="id" size="small" pagination={false} dataSource={sale.lines} columns={lineColumns} scroll={{ x: 'max-content' }} data-testid="sale-lines" />
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('sales.totals')}>
            <SaleTotals figures={sale} testId="sale-detail-totals" />
            {sale.reductions.length > 0 && (
              <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
                {sale.reductions.map((reduction) => `${t(`sales.reductionKind.${reduction.kind}`)} ${discountText(reduction.discount)}`).join('、')}
              </Typography.Paragraph>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t(isReturn ? 'payments.refundsTitle' : 'payments.title')} style={{ marginBottom: 16 }}>
            <Table
              rowKey="key"
              size="small"
              pagination={false}
              // Payments have no id of their own; their order in the sale is stable.
              dataSource={sale.payments.map((payment, index) => ({ ...payment, key: index }))}
              data-testid="sale-payments-list"
              columns={[
                { title: t('payments.methodLabel'), dataIndex: 'method', render: (value: string) => t(`payments.method.${value}`) },
                { title: t('payments.amount'), dataIndex: 'amount', align: 'right', render: (value: number) => formatYen(value) },
                { title: t('payments.tendered'), dataIndex: 'tendered', align: 'right', render: (value: number | null) => formatYen(value) },
                { title: t('payments.change'), dataIndex: 'change', align: 'right', render: (value: number | null) => formatYen(value) },
                { title: t('payments.reference'), dataIndex: 'reference', responsive: ['md'] },
              ]}
            />
          </Card>
          <Card size="small" title={t('sales.receipt')} style={{ marginBottom: 16 }}>
            <ReceiptButtons saleId={sale.id} reprint={sale.receiptPrintCount > 0} onOpened={() => window.setTimeout(reload, 1500)} />
          </Card>
          {!isReturn && (
            <Card size="small" title={t('sales.returnsMade')}>
              {sale.returns.length === 0 ? (
                <Typography.Text type="secondary">{t('sales.noReturns')}</Typography.Text>
              ) : (
                <ul style={{ margin: 0, paddingInlineStart: 18 }} data-testid="sale-returns">
                  {sale.returns.map((ret) => (
                    <li key={ret.id}>
                      <Link to={`/sales/${ret.id}`}>{ret.number}</Link> {formatYen(-ret.total)} {ret.status === 'voided' && <Tag color="red">{t('sales.statusVoided')}</Tag>}
                    </li>
                  ))}
                </ul>
              )}
            </Card>
          )}
        </Col>
      </Row>

      {dialog === 'return' && <ReturnDialog sale={sale} open onClose={() => setDialog(undefined)} onReturned={onReturned} />}
      {dialog === 'void' && (
        <VoidDialog
          sale={sale}
          open
          onClose={() => setDialog(undefined)}
          onVoided={(voided) => {
            setDialog(undefined);
            void message.success(t('sales.voided', { number: voided.number }));
            reload();
          }}
        />
      )}
    </>
  );
}
