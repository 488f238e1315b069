import { Alert, Card, Col, Row, Space, Statistic, Switch, Table, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/hooks.js';
import { useCan } from '../../auth/AuthContext.js';
import { LoadError } from '../../components/LoadError.js';
import { PageTitle } from '../../components/PageTitle.js';
import { formatYen } from '../../lib/format.js';
import { ConsigneeSelect } from './ConsigneeSelect.js';
import type { Aging, AgingRow } from './types.js';

/** Pieces out at consignees, by age, with pieces past their return due date highlighted. */
export function ConsignmentAgingPage() {
  const { t } = useTranslation();
  const canSeeCost = useCan()('cost.view');
  const [consigneeId, setConsigneeId] = useState<number | null>(null);
  const [overdueOnly, setOverdueOnly] = useState(false);
  const { data, error, loading, reload } = useApiQuery<Aging>('/api/consignment-out/aging', { consigneeId: consigneeId ?? undefined, overdueOnly: overdueOnly ? 'true' : undefined });
  const reminders = useApiQuery<{ count: number }>('/api/consignment-out/reminders');

  const columns: TableColumnsType<AgingRow> = [
    { title: t('consignmentOut.aging.stockNumber'), dataIndex: 'stockNumber', width: 140 },
    { title: t('consignmentOut.aging.itemName'), dataIndex: 'itemName' },
    { title: t('consignmentOut.aging.consignee'), dataIndex: 'consigneeName' },
    { title: t('consignmentOut.aging.location'), dataIndex: 'locationName', responsive: ['xl'] },
    { title: t('consignmentOut.aging.note'), dataIndex: 'noteNumber', responsive: ['lg'] },
    { title: t('consignmentOut.aging.sentOn'), dataIndex: 'sentOn', width: 110 },
    { title: t('consignmentOut.aging.daysOut'), dataIndex: 'daysOut', width: 100, align: 'right', render: (days: number) => t('consignmentOut.aging.days', { count: days }) },
    {
      title: t('consignmentOut.aging.returnDueOn'),
      dataIndex: 'returnDueOn',
      width: 150,
      render: (date: string, row) => (
        <Space size={4}>
          {date}
          {row.overdue && <Tag color="red">{t('consignmentOut.aging.overdue')}</Tag>}
        </Space>
      ),
    },
    { title: t('consignmentOut.aging.retailPrice'), dataIndex: 'retailPrice', align: 'right', render: (value: number) => formatYen(value) },
    ...(canSeeCost ? [{ title: t('consignmentOut.aging.bookCost'), dataIndex: 'bookCost', align: 'right' as const, render: (value?: number) => formatYen(value) }] : []),
  ];

  return (
    <>
      <PageTitle title={t('consignmentOut.aging.title')} subtitle={t('consignmentOut.aging.lead')} />
      {(reminders.data?.count ?? 0) > 0 && (
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('consignmentOut.aging.overdueAlert', { count: reminders.data?.count })} data-testid="overdue-alert" />
      )}
      <Space wrap style={{ marginBottom: 16 }}>
        <ConsigneeSelect allowClear value={consigneeId} onChange={setConsigneeId} placeholder={t('consignmentOut.aging.allConsignees')} style={{ minWidth: 260 }} />
        <Space>
          <Switch checked={overdueOnly} onChange={setOverdueOnly} aria-label={t('consignmentOut.aging.overdueOnly')} />
          {t('consignmentOut.aging.overdueOnly')}
        </Space>
      </Space>
      <Row gutter={12} style={{ marginBottom: 16 }}>
        {(data?.buckets ?? []).map((bucket) => (
          <Col xs={12} md={6} key={bucket.bucket}>
            <Card size="small" data-testid={`bucket-${bucket.bucket}`}>
              <Statistic title={t(`consignmentOut.bucket.${bucket.bucket}`)} value={t('consignmentOut.aging.bucketCount', { count: bucket.count })} />
              <div>{formatYen(bucket.retailTotal)}</div>
            </Card>
          </Col>
        ))}
      </Row>
      {error && <LoadError error={error} onRetry={reload} />}
      <Table<AgingRow>
        rowKey="lineId"
        size="middle"
        loading={loading}
        columns={columns}
        dataSource={data?.rows ?? []}
        onRow={(row) => ({ style: row.overdue ? { background: '#fff1f0' } : undefined })}
        pagination={{ pageSize: 100, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        data-testid="aging-table"
      />
    </>
  );
}
