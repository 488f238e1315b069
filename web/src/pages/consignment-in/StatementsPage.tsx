import { PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Select, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/hooks.js';
import { LoadError } from '../../components/LoadError.js';
import { PageTitle } from '../../components/PageTitle.js';
import { formatYen } from '../../lib/format.js';
import { navigate, useSearchParams } from '../../lib/router.js';
import { IssueStatementDialog } from './IssueStatementDialog.js';
import { StatementStatusTag } from './StatementTags.js';
import type { SettlementConsignor, StatementList, StatementStatus, StatementSummary } from './statementTypes.js';

const PAGE_SIZE = 50;

/** Lists settlement statements (精算書) filtered by consignor and status, with the issue dialog. Needs 'consignment.settle'. */
export function StatementsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const [issuing, setIssuing] = useState(false);
  const [page, setPage] = useState(1);
  const consignorId = params.get('consignorId') ? Number(params.get('consignorId')) : undefined;
  const status = (params.get('status') as StatementStatus | null) ?? undefined;
  const consignors = useApiQuery<{ consignors: SettlementConsignor[] }>('/api/consignment/statements/consignors');
  const { data, error, loading, reload } = useApiQuery<StatementList>('/api/consignment/statements', { consignorId, status, page, pageSize: PAGE_SIZE });

  const setFilter = (name: 'consignorId' | 'status', value: string | number | undefined) => {
    const next = new URLSearchParams(params);
    if (value === undefined) next.delete(name);
    else next.set(name, String(value));
    setParams(next);
    setPage(1);
  };

  const columns: TableColumnsType<StatementSummary> = [
    { title: t('settlement.number'), dataIndex: 'number', width: 150 },
    { title: t('settlement.consignor'), key: 'consignor', render: (_, row) => `${row.consignorCode} ${row.consignorName}` },
    { title: t('settlement.period'), key: 'period', render: (_, row) => t('settlement.periodOption', { from: row.periodFrom, to: row.periodTo }) },
    { title: t('settlement.salesTotal'), dataIndex: 'salesTotal', align: 'right', responsive: ['md'], render: formatYen },
    { title: t('settlement.adjustmentsTotal'), dataIndex: 'adjustmentsTotal', align: 'right', responsive: ['lg'], render: formatYen },
    { title: t('settlement.amountOwed'), dataIndex: 'amountOwed', align: 'right', render: (amount: number) => <strong>{formatYen(amount)}</strong> },
    { title: t('settlement.status'), dataIndex: 'status', render: (value: StatementStatus) => <StatementStatusTag status={value} /> },
    { title: t('settlement.paidOn'), dataIndex: 'paidOn', responsive: ['md'], render: (date: string | null) => date ?? '—' },
  ];

  return (
    <>
      <PageTitle
        title={t('settlement.title')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setIssuing(true)} data-testid="issue-statement">
            {t('settlement.issue')}
          </Button>
        }
      />
      <Typography.Paragraph type="secondary">{t('settlement.lead')}</Typography.Paragraph>
      <Flex gap={12} wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          style={{ minWidth: 260 }}
          placeholder={t('settlement.allConsignors')}
          aria-label={t('settlement.consignor')}
          value={consignorId}
          onChange={(value: number | undefined) => setFilter('consignorId', value)}
          options={(consignors.data?.consignors ?? []).map((consignor) => ({ value: consignor.id, label: `${consignor.code} ${consignor.name}` }))}
          data-testid="statement-consignor-filter"
        />
        <Select
          allowClear
          style={{ minWidth: 160 }}
          placeholder={t('settlement.allStatuses')}
          aria-label={t('settlement.status')}
          value={status}
          onChange={(value: StatementStatus | undefined) => setFilter('status', value)}
          options={[
            { value: 'issued', label: t('settlement.statusIssued') },
            { value: 'paid', label: t('settlement.statusPaid') },
          ]}
          data-testid="statement-status-filter"
        />
      </Flex>
      {error && <LoadError error={error} onRetry={reload} />}
      <Table<StatementSummary>
        rowKey="id"
        size="middle"
        loading={loading}
        columns={columns}
        dataSource={data?.statements ?? []}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: data?.total ?? 0, onChange: setPage, showSizeChanger: false, hideOnSinglePage: true }}
        onRow={(row) => ({ onClick: () => navigate(`/consignment/statements/${row.id}`), style: { cursor: 'pointer' } })}
        scroll={{ x: 'max-content' }}
        data-testid="statements-table"
      />
      {issuing && (
        <IssueStatementDialog
          initialConsignorId={consignorId}
          onClose={() => setIssuing(false)}
          onIssued={(statement) => {
            setIssuing(false);
            navigate(`/consignment/statements/${statement.id}`);
          }}
        />
      )}
    </>
  );
}
