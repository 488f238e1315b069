import { CheckOutlined } from '@ant-design/icons';
import { Alert, Button, Input, Modal, Segmented, Space, Table, Tag, Typography, type ButtonProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client.js';
import { useApiQuery } from '../../api/hooks.js';
import { useAuth } from '../../auth/AuthContext.js';
import { hasPermission } from '../../auth/permissions.js';
import { LoadError } from '../../components/LoadError.js';
import { PageTitle } from '../../components/PageTitle.js';
import { currentLocale } from '../../i18n/index.js';
import { formatDateTime, formatYen } from '../../lib/format.js';
import { Link } from '../../lib/router.js';
import type { OfflineSaleResult } from './offline/storage.js';

type OfflineSale = Omit<OfflineSaleResult, 'duplicate'>;
type StatusFilter = 'unresolved' | 'conflict' | 'recorded' | 'all';

/** Tag colour of an outcome: red for a conflict, amber for a sale recorded with a note. */
function outcomeColor(row: OfflineSale): string {
  if (row.outcome === 'conflict') return 'error';
  return row.conflictCode ? 'warning' : 'success';
}

/**
 * Renders the list of offline sales: sales taken at a counter while the network was down,
 * with what became of each when it was sent. Open conflicts come first, and a person
 * allowed to refund resolves each with a note of what was done.
 */
export function OfflineSalesPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const locale = currentLocale();
  const [status, setStatus] = useState<StatusFilter>('all');
  const [resolving, setResolving] = useState<OfflineSale>();
  const list = useApiQuery<{ offlineSales: OfflineSale[] }>('/api/offline-sales', { status });
  const canResolve = hasPermission(user, 'sales.refund');

  const columns = [
    { title: t('offline.columns.soldAt'), dataIndex: 'soldAtDevice', render: (value: string) => formatDateTime(value, locale) },
    { title: t('offline.columns.register'), key: 'register', render: (_: unknown, row: OfflineSale) => `${row.locationName} / ${row.registerName}` },
    {
      title: t('offline.columns.outcome'),
      key: 'outcome',
      render: (_: unknown, row: OfflineSale) => <Tag color={outcomeColor(row)}>{t(`offline.outcome.${row.outcome}`)}</Tag>,
    },
    {
      title: t('offline.columns.sale'),
      key: 'sale',
      render: (_: unknown, row: OfflineSale) => (row.saleId !== null ? <Link to={`/sales/${row.saleId}`}>{row.saleNumber}</Link> : '—'),
    },
    { title: t('offline.columns.paid'), dataIndex: 'paidTotal', align: 'right' as const, render: (value: number) => formatYen(value) },
    {
      title: t('offline.columns.message'),
      key: 'message',
      render: (_: unknown, row: OfflineSale) => (
        <Typography.Text type={row.outcome === 'conflict' && row.resolvedAt === null ? 'danger' : undefined} style={{ whiteSpace: 'pre-line' }}>
          {row.message ?? ''}
        </Typography.Text>
      ),
    },
    {
      title: t('offline.columns.resolution'),
      key: 'resolution',
      render: (_: unknown, row: OfflineSale) => {
        if (row.resolvedAt !== null) return t('offline.resolved', { time: formatDateTime(row.resolvedAt, locale), name: row.resolvedByName ?? '', note: row.resolutionNote ?? '' });
        if (row.conflictCode === null || !canResolve) return null;
        return (
          <Button size="small" icon={<CheckOutlined />} onClick={() => setResolving(row)} data-testid={`offline-resolve-${row.id}`}>
            {t('offline.resolve')}
          </Button>
        );
      },
    },
  ];

  return (
    <>
      <PageTitle title={t('offline.listTitle')} subtitle={t('offline.listSubtitle')} />
      <Space style={{ marginBottom: 12 }}>
        <Segmented<StatusFilter>
          value={status}
          onChange={setStatus}
          options={(['all', 'unresolved', 'conflict', 'recorded'] as const).map((value) => ({ value, label: t(`offline.status.${value}`) }))}
          data-testid="offline-status"
        />
      </Space>
      {list.error ? (
        <LoadError error={list.error} onRetry={list.reload} />
      ) : (
        <Table<OfflineSale>
          rowKey="id"
          size="small"
          loading={list.loading}
          dataSource={list.data?.offlineSales ?? []}
          columns={columns}
          pagination={{ pageSize: 50 }}
          locale={{ emptyText: t('offline.empty') }}
          scroll={{ x: true }}
          data-testid="offline-sales"
        />
      )}
      {resolving && (
        <ResolveDialog
          offlineSale={resolving}
          onClose={() => setResolving(undefined)}
          onResolved={() => {
            setResolving(undefined);
            list.reload();
          }}
        />
      )}
    </>
  );
}

function ResolveDialog({ offlineSale, onClose, onResolved }: { offlineSale: OfflineSale; onClose: () => void; onResolved: () => void }) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string>();

  const submit = async () => {
    if (!note.trim()) {
      setError(t('offline.resolveNoteRequired'));
      return;
    }
    setSaving(true);
    setError(undefined);
    try {
      await api.post(`/api/offline-sales/${offlineSale.id}/resolve`, { note: note.trim() });
      onResolved();
    } catch (cause) {
      setError(cause instanceof ApiError || cause instanceof Error ? cause.message : String(cause));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('offline.resolveTitle')}
      okText={t('offline.resolve')}
      okButtonProps={{ loading: saving, 'data-testid': 'offline-resolve-confirm' } as ButtonProps}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {offlineSale.message && <Typography.Paragraph style={{ whiteSpace: 'pre-line' }}>{offlineSale.message}</Typography.Paragraph>}
      <Input.TextArea
        autoFocus
        rows={3}
        maxLength={1000}
        aria-label={t('offline.resolveNote')}
        placeholder={t('offline.resolveNote')}
        value={note}
        onChange={(event) => setNote(event.target.value)}
        data-testid="offline-resolve-note"
      />
      {error && <Alert type="error" showIcon role="alert" style={{ marginTop: 12 }} title={error} data-testid="offline-resolve-error" />}
    </Modal>
  );
}
