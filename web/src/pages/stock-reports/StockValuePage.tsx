import { Alert, Card, Col, Row, Statistic, Table, Tag, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/hooks.js';
import { useCan } from '../../auth/AuthContext.js';
import { LoadError } from '../../components/LoadError.js';
import { PageTitle } from '../../components/PageTitle.js';
import { formatYen } from '../../lib/format.js';
import type { StockValueReport } from '../../../../src/modules/stock-reports/service.js';

type Row = StockValueReport['rows'][number];

/**
 * Stock value (在庫評価) per location: our own pieces at book cost, which is the inventory
 * value, and consigned pieces counted apart because they belong to their consignors.
 */
export function StockValuePage() {
  const { t } = useTranslation();
  const seesCost = useCan()('cost.view');
  const { data, error, loading, reload } = useApiQuery<StockValueReport>('/api/reports/stock-value');

  if (error) return <LoadError error={error} onRetry={reload} />;

  const columns: TableColumnsType<Row> = [
    { title: t('stockReports.location'), dataIndex: 'locationName', render: (name: string, row) => `${row.locationCode} ${name}` },
    { title: t('stockReports.kind'), dataIndex: 'locationKind', render: (kind: Row['locationKind']) => <Tag>{t(`locationKind.${kind}`)}</Tag> },
    { title: t('stockReports.ownUnits'), dataIndex: 'ownUnits', align: 'right' },
    ...(seesCost ? [{ title: t('stockReports.ownBookCost'), dataIndex: 'ownBookCost', align: 'right' as const, render: (value: number) => formatYen(value) }] : []),
    { title: t('stockReports.ownRetailValue'), dataIndex: 'ownRetailValue', align: 'right', render: (value: number) => formatYen(value) },
    { title: t('stockReports.consignedUnits'), dataIndex: 'consignedUnits', align: 'right' },
    { title: t('stockReports.consignedRetailValue'), dataIndex: 'consignedRetailValue', align: 'right', render: (value: number) => formatYen(value) },
  ];

  return (
    <>
      <PageTitle title={t('stockReports.title')} />
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('stockReports.lead')} />
      {data && (
        <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
          {seesCost && (
            <Col xs={24} md={8}>
              <Card size="small">
                <Statistic title={t('stockReports.inventoryValue')} value={formatYen(data.totals.ownBookCost)} data-testid="stock-value-own" />
              </Card>
            </Col>
          )}
          <Col xs={24} md={8}>
            <Card size="small">
              <Statistic title={t('stockReports.awayRetail')} value={formatYen(data.away.ownRetailValue)} suffix={`(${data.away.ownUnits})`} />
            </Card>
          </Col>
          <Col xs={24} md={8}>
            <Card size="small">
              <Statistic title={t('stockReports.consignedTotal')} value={formatYen(data.totals.consignedRetailValue)} suffix={`(${data.totals.consignedUnits})`} data-testid="stock-value-consigned" />
            </Card>
          </Col>
        </Row>
      )}
      <Table<Row>
        rowKey="locationId"
        size="small"
        loading={loading}
        pagination={false}
        columns={columns}
        dataSource={data?.rows ?? []}
        scroll={{ x: 'max-content' }}
        data-testid="stock-value-table"
      />
    </>
  );
}

