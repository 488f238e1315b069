import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Segmented, Space, Table, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/hooks.js';
import type { Page } from '../../api/types.js';
import { useCan } from '../../auth/AuthContext.js';
import { LoadError } from '../../components/LoadError.js';
import { PageTitle } from '../../components/PageTitle.js';
import { Link, navigate } from '../../lib/router.js';
import { ExhibitionFormModal } from './ExhibitionFormModal.js';
import { STATUS_COLORS, type ExhibitionStatus, type ExhibitionSummary } from './types.js';

const STATUSES: readonly ExhibitionStatus[] = ['planned', 'open', 'checking_in', 'closed'];

/** Exhibitions with their status, newest first, and the form that creates one. */
export function ExhibitionsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const canManage = useCan()('exhibitions.manage');
  const [status, setStatus] = useState<ExhibitionStatus | 'all'>('all');
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const { data, error, loading, reload } = useApiQuery<{ exhibitions: ExhibitionSummary[] } & Page>('/api/exhibitions', {
    status: status === 'all' ? undefined : status,
    page,
    pageSize: 50,
  });

  const columns: TableColumnsType<ExhibitionSummary> = [
    { title: t('exhibitions.name'), dataIndex: 'name', render: (name: string, row) => <Link to={`/exhibitions/${row.id}`}>{name}</Link> },
    { title: t('exhibitions.venue'), dataIndex: 'venue', responsive: ['md'] },
    { title: t('exhibitions.period'), key: 'period', render: (_, row) => (row.startsOn === row.endsOn ? row.startsOn : `${row.startsOn} – ${row.endsOn}`) },
    { title: t('common.status'), dataIndex: 'status', render: (value: ExhibitionStatus) => <Tag color={STATUS_COLORS[value]}>{t(`exhibitions.status.${value}`)}</Tag> },
    { title: t('exhibitions.homeLocation'), dataIndex: 'homeLocationName', responsive: ['lg'] },
    { title: t('exhibitions.itemCount'), dataIndex: 'itemCount', align: 'right' },
  ];

  return (
    <>
      <PageTitle
        title={t('exhibitions.title')}
        extra={
          canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-exhibition">
              {t('exhibitions.new')}
            </Button>
          )
        }
      />
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented<ExhibitionStatus | 'all'>
          aria-label={t('exhibitions.filterStatus')}
          value={status}
          onChange={(value) => {
            setStatus(value);
            setPage(1);
          }}
          options={[...STATUSES.map((value) => ({ value, label: t(`exhibitions.status.${value}`) })), { value: 'all' as const, label: t('common.all') }]}
        />
      </Space>
      {error && <LoadError error={error} onRetry={reload} />}
      <Table<ExhibitionSummary>
        rowKey="id"
        size="middle"
        loading={loading}
        columns={columns}
        dataSource={data?.exhibitions ?? []}
        locale={{ emptyText: t('exhibitions.empty') }}
        pagination={{ current: page, pageSize: 50, total: data?.total ?? 0, onChange: setPage, showSizeChanger: false, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        data-testid="exhibitions-table"
      />
      {creating && (
        <ExhibitionFormModal
          exhibition="new"
          onClose={() => setCreating(false)}
          onSaved={(saved) => {
            setCreating(false);
            void message.success(t('exhibitions.created', { name: saved.name }));
            navigate(`/exhibitions/${saved.id}`);
          }}
        />
      )}
    </>
  );
}
