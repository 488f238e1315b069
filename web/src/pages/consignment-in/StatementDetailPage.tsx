import { ArrowLeftOutlined, CheckOutlined, FilePdfOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Descriptions, Result, Row, Skeleton, Space, Statistic, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiUrl } from '../../api/client.js';
import { useApiQuery } from '../../api/hooks.js';
import { CsvDownloadButton } from '../../components/CsvDownloadButton.js';
import { LoadError } from '../../components/LoadError.js';
import { PageTitle } from '../../components/PageTitle.js';
import { currentLocale } from '../../i18n/index.js';
import { formatDateTime, formatYen, type Locale } from '../../lib/format.js';
import { Link, navigate } from '../../lib/router.js';
import type { PageProps } from '../../routes.js';
import { PayStatementDialog } from './PayStatementDialog.js';
import { StatementStatusTag } from './StatementTags.js';
import type { HeldPiece, ReturnedPiece, StatementDetail, StatementLine } from './statementTypes.js';

type Translate = ReturnType<typeof useTranslation>['t'];

function lineColumns(t: Translate, adjustment: boolean): TableColumnsType<StatementLine> {
  const money = (key: keyof StatementLine & `${string}Amount`) => ({ title: t(`settlement.${key}`), dataIndex: key, align: 'right' as const, render: formatYen });
  const via = { counter: t('settlement.viaCounter'), channel: t('settlement.viaChannel'), other: t('settlement.viaOther') };
  return [
    { title: t('settlement.stockNumber'), dataIndex: 'stockNumber', render: (value: string, line) => <Link to={`/items/${line.itemId}`}>{value}</Link> },
    { title: t('settlement.name'), dataIndex: 'name' },
    { title: t('settlement.date'), dataIndex: 'date' },
    { title: t('settlement.soldVia'), key: 'soldVia', render: (_, line) => `${via[line.soldVia.kind]} ${line.soldVia.reference}` },
    money('listAmount'),
    money('discountAmount'),
    money('refundAmount'),
    money('soldAmount'),
    money('commissionAmount'),
    money('feeAmount'),
    money('shippingAmount'),
    { title: t('settlement.amount'), dataIndex: 'amount', align: 'right', render: (amount: number) => <strong>{formatYen(amount)}</strong> },
    ...(adjustment ? [{ title: t('settlement.settledIn'), dataIndex: 'settledIn' }] : []),
  ];
}

function heldColumns(t: Translate): TableColumnsType<HeldPiece> {
  return [
    { title: t('settlement.stockNumber'), dataIndex: 'stockNumber', render: (value: string, piece) => <Link to={`/items/${piece.itemId}`}>{value}</Link> },
    { title: t('settlement.name'), dataIndex: 'name' },
    { title: t('settlement.receivedOn'), dataIndex: 'receivedOn' },
    { title: t('settlement.location'), dataIndex: 'locationName', render: (name: string | null) => name ?? '—' },
    { title: t('settlement.retailPrice'), dataIndex: 'retailPrice', align: 'right', render: formatYen },
  ];
}

function returnedColumns(t: Translate): TableColumnsType<ReturnedPiece> {
  return [
    { title: t('settlement.returnNumber'), dataIndex: 'returnNumber' },
    { title: t('settlement.returnedOn'), dataIndex: 'returnedOn' },
    { title: t('settlement.stockNumber'), dataIndex: 'stockNumber', render: (value: string, piece) => <Link to={`/items/${piece.itemId}`}>{value}</Link> },
    { title: t('settlement.name'), dataIndex: 'name' },
    { title: t('settlement.quantity'), dataIndex: 'quantity', align: 'right' },
  ];
}

function partyText(party: { postalCode: string | null; address: string | null; invoiceRegistrationNumber: string | null }, t: Translate): string {
  const parts = [party.postalCode ? `〒${party.postalCode}` : null, party.address, party.invoiceRegistrationNumber ? `${t('settlement.registration')}: ${party.invoiceRegistrationNumber}` : null];
  return parts.filter((part): part is string => part !== null && part !== '').join(' / ');
}

/** Shows one settlement statement (精算書): totals, sold lines, adjustments, held and returned pieces, PDF, CSV and the payment. */
export function StatementDetailPage({ params }: PageProps) {
  const { t, i18n } = useTranslation();
  const locale: Locale = i18n.language === 'en' ? 'en' : 'ja';
  const id = Number(params.id);
  const valid = Number.isInteger(id) && id > 0;
  const { data: statement, error, loading, reload } = useApiQuery<StatementDetail>(valid ? `/api/consignment/statements/${id}` : null);
  const [paying, setPaying] = useState(false);

  if (!valid) return <Result status="404" title={t('errors.pageNotFound')} />;
  if (error) return <LoadError error={error} onRetry={reload} />;
  if (loading || !statement) return <Skeleton active />;

  const empty = { emptyText: t('settlement.empty') };
  return (
    <>
      <PageTitle
        title={t('settlement.detailTitle', { number: statement.number })}
        subtitle={<StatementStatusTag status={statement.status} />}
        extra={
          <Space wrap>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/consignment/statements')}>
              {t('settlement.backToList')}
            </Button>
            <Button icon={<FilePdfOutlined />} onClick={() => window.open(apiUrl(`/api/consignment/statements/${statement.id}/pdf`, { locale: currentLocale() }), '_blank')} data-testid="statement-pdf">
              {t('settlement.pdf')}
            </Button>
            <CsvDownloadButton path={`/api/consignment/statements/${statement.id}/csv`} query={{ locale: currentLocale() }} fallbackName={`statement-${statement.number}.csv`} testId="statement-csv" />
            {statement.status === 'issued' && (
              <Button type="primary" icon={<CheckOutlined />} onClick={() => setPaying(true)} data-testid="pay-statement">
                {t('settlement.pay')}
              </Button>
            )}
          </Space>
        }
      />
      {statement.status === 'paid' && statement.paidOn && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('settlement.paidAlert', { date: statement.paidOn })}
          description={statement.paidReference ?? undefined}
          data-testid="statement-paid"
        />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card>
            <Descriptions column={1} size="small" data-testid="statement-fields">
              <Descriptions.Item label={t('settlement.consignor')}>
                <div>
                  <strong>
                    {statement.consignor.code} {statement.consignor.name}
                  </strong>
                </div>
                <Typography.Text type="secondary">{partyText(statement.consignor, t)}</Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('settlement.period')}>{t('settlement.periodOption', { from: statement.periodFrom, to: statement.periodTo })}</Descriptions.Item>
              <Descriptions.Item label={t('settlement.issuedAt')}>
                {formatDateTime(statement.issuedAt, locale)}
                {statement.issuedByName ? ` (${statement.issuedByName})` : ''}
              </Descriptions.Item>
              <Descriptions.Item label={t('settlement.issuer')}>
                <div>{statement.company.name}</div>
                <Typography.Text type="secondary">{partyText(statement.company, t)}</Typography.Text>
              </Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card>
            <Descriptions column={1} size="small" data-testid="statement-totals">
              <Descriptions.Item label={t('settlement.salesTotal')}>{formatYen(statement.salesTotal)}</Descriptions.Item>
              <Descriptions.Item label={t('settlement.commissionTotal')}>{formatYen(-statement.commissionTotal)}</Descriptions.Item>
              <Descriptions.Item label={t('settlement.deductionsTotal')}>{formatYen(-statement.deductionsTotal)}</Descriptions.Item>
              <Descriptions.Item label={t('settlement.shopDiscountTotal')}>{formatYen(statement.shopDiscountTotal)}</Descriptions.Item>
              <Descriptions.Item label={t('settlement.adjustmentsTotal')}>{formatYen(statement.adjustmentsTotal)}</Descriptions.Item>
            </Descriptions>
            <Statistic title={t('settlement.amountOwed')} value={formatYen(statement.amountOwed)} data-testid="statement-amount-owed" />
          </Card>
        </Col>
      </Row>

      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {t('settlement.lines')}
      </Typography.Title>
      <Table<StatementLine> rowKey="soldLineKey" size="small" pagination={false} columns={lineColumns(t, false)} dataSource={statement.lines} locale={empty} scroll={{ x: 'max-content' }} data-testid="statement-lines" />

      {statement.adjustments.length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 24 }}>
            {t('settlement.adjustments')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{t('settlement.adjustmentsHint')}</Typography.Paragraph>
          <Table<StatementLine> rowKey="soldLineKey" size="small" pagination={false} columns={lineColumns(t, true)} dataSource={statement.adjustments} scroll={{ x: 'max-content' }} data-testid="statement-adjustments" />
        </>
      )}

      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {t('settlement.held')}
      </Typography.Title>
      <Table<HeldPiece> rowKey="itemId" size="small" pagination={false} columns={heldColumns(t)} dataSource={statement.held} locale={empty} scroll={{ x: 'max-content' }} data-testid="statement-held" />

      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {t('settlement.returned')}
      </Typography.Title>
      <Table<ReturnedPiece> rowKey={(piece) => `${piece.returnNumber}:${piece.itemId}`} size="small" pagination={false} columns={returnedColumns(t)} dataSource={statement.returned} locale={empty} scroll={{ x: 'max-content' }} data-testid="statement-returned" />

      {paying && (
        <PayStatementDialog
          statement={statement}
          onClose={() => setPaying(false)}
          onPaid={() => {
            setPaying(false);
            reload();
          }}
        />
      )}
    </>
  );
}
