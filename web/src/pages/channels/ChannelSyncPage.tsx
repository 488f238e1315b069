import { ApiOutlined, PlayCircleOutlined, ReconciliationOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Empty, Flex, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useApiQuery, useErrorReporter } from '../../api/hooks.js';
import { LoadError } from '../../components/LoadError.js';
import { PageTitle } from '../../components/PageTitle.js';
import { formatDateTime } from '../../lib/format.js';
import { ListingStateTag, textIn, useAgeFormatter, useLocale, useRefreshWhile } from './channelUi.js';
import type { BilingualText, DriftCorrection, ListingState, ReconcileResult, SyncAccountStatus, SyncStatus } from './types.js';

const LISTING_STATES: ListingState[] = ['draft', 'publishing', 'live', 'withdrawing', 'withdrawn', 'error'];

/** Shows one account's sync state with its resume, connection test and stock reconcile actions. */
function AccountCard({ account, onChanged }: { account: SyncAccountStatus; onChanged: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { message, modal } = App.useApp();
  const reportError = useErrorReporter();
  const formatAge = useAgeFormatter();
  const [acting, setActing] = useState<'resume' | 'test' | 'reconcile'>();
  const paused = account.status === 'paused';

  const run = async (action: 'resume' | 'test' | 'reconcile', done: (result: unknown) => void) => {
    setActing(action);
    try {
      done(await api.post(`/api/channel-accounts/${account.id}/${action}`));
      onChanged();
    } catch (cause) {
      reportError(cause);
    } finally {
      setActing(undefined);
    }
  };

  const resume = () => {
    modal.confirm({
      title: t('channels.sync.resumeConfirm', { name: account.name }),
      okText: t('channels.sync.resume'),
      cancelText: t('common.cancel'),
      onOk: () => run('resume', () => void message.success(t('channels.sync.resumed', { name: account.name }))),
    });
  };

  const test = () =>
    run('test', (result) => {
      const { ok, message: detail } = result as { ok: boolean; message: BilingualText | null };
      const text = [t(ok ? 'channels.sync.testOk' : 'channels.sync.testFailed', { name: account.name }), textIn(detail, locale)].filter(Boolean).join(' ');
      if (ok) void message.success(text);
      else void message.error(text, 8);
    });

  const reconcile = () => {
    modal.confirm({
      title: t('channels.sync.reconcileConfirm', { name: account.name }),
      content: t('channels.sync.reconcileConfirmHint'),
      okText: t('channels.sync.reconcile'),
      cancelText: t('common.cancel'),
      onOk: () =>
        run('reconcile', (result) => {
          const { checked, corrected, republished } = result as ReconcileResult;
          void message.success(t('channels.sync.reconciled', { name: account.name, checked, corrected, republished }));
        }),
    });
  };

  // The hub pauses an account after repeated failures with the last error as the reason, and
  // resumes it once the channel responds again. A pause made by a person waits for 再開.
  let pausedTitle = account.pausedReason ? t('channels.sync.pausedTitle', { reason: account.pausedReason }) : t('channels.sync.pausedNoReason');
  let pausedDetail: string | undefined;
  if (account.pausedBy === 'failures') {
    pausedTitle = t('channels.sync.pausedByFailures');
    pausedDetail = account.pausedReason ? t('channels.sync.pausedByFailuresError', { error: account.pausedReason }) : undefined;
  }

  let pending = t('channels.sync.pendingNone');
  if (account.pendingEvents > 0) {
    const age = account.oldestPendingAt ? formatAge(account.oldestPendingAt) : '—';
    pending = t('channels.sync.pendingSummary', { count: account.pendingEvents, age });
  }

  return (
    <Card
      size="small"
      style={paused ? { borderColor: '#ff4d4f' } : undefined}
      title={
        <Space wrap>
          <Tag>{t(`channels.kinds.${account.kind}`)}</Tag>
          {account.name}
          {paused ? <Tag color="red">{t('channels.sync.paused')}</Tag> : <Tag color="green">{t('channels.active')}</Tag>}
        </Space>
      }
      extra={
        <Space wrap>
          <Button size="small" icon={<ApiOutlined />} loading={acting === 'test'} onClick={() => void test()} data-testid={`sync-test-${account.id}`}>
            {t('channels.sync.test')}
          </Button>
          <Button size="small" icon={<ReconciliationOutlined />} loading={acting === 'reconcile'} onClick={reconcile} data-testid={`sync-reconcile-${account.id}`}>
            {t('channels.sync.reconcile')}
          </Button>
        </Space>
      }
      data-testid={`sync-account-${account.id}`}
    >
      {paused && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={pausedTitle}
          description={pausedDetail}
          data-testid={`sync-paused-${account.id}`}
          action={
            <Button type="primary" danger icon={<PlayCircleOutlined />} loading={acting === 'resume'} onClick={resume} data-testid={`sync-resume-${account.id}`}>
              {t('channels.sync.resume')}
            </Button>
          }
        />
      )}
      <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
        <Descriptions.Item label={t('channels.sync.pending')}>
          <span data-testid={`sync-pending-${account.id}`}>{pending}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('channels.sync.lastSuccessAt')}>{account.lastSuccessAt ? formatDateTime(account.lastSuccessAt, locale) : t('channels.sync.never')}</Descriptions.Item>
        <Descriptions.Item label={t('channels.sync.lastOrderPollAt')}>{account.lastOrderPollAt ? formatDateTime(account.lastOrderPollAt, locale) : t('channels.sync.never')}</Descriptions.Item>
        <Descriptions.Item label={t('channels.sync.lastReconcileAt')}>
          <span data-testid={`sync-last-reconcile-${account.id}`}>{account.lastReconcileAt ? formatDateTime(account.lastReconcileAt, locale) : t('channels.sync.never')}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('channels.sync.failureCount')}>{account.failureCount}</Descriptions.Item>
        <Descriptions.Item label={t('channels.sync.lastError')} span={3}>
          {account.lastError ? <Typography.Text type="danger">{account.lastError}</Typography.Text> : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('channels.sync.listings')} span={3}>
          <Flex wrap gap={4}>
            {LISTING_STATES.filter((state) => (account.listings[state] ?? 0) > 0).map((state) => (
              <Space key={state} size={2} data-testid={`sync-listings-${account.id}-${state}`}>
                <ListingStateTag state={state} />
                {account.listings[state]}
              </Space>
            ))}
          </Flex>
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

/** Shows per channel account what is waiting, what last worked and what failed (同期状況), refreshed every 3 s. */
export function ChannelSyncPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { data, error, loading, reload } = useApiQuery<SyncStatus>('/api/channel-sync/status');
  useRefreshWhile(true, reload);

  const correctionColumns: TableColumnsType<DriftCorrection> = [
    { title: t('channels.sync.correctedAt'), dataIndex: 'at', render: (value: string) => formatDateTime(value, locale) },
    { title: t('channels.account'), dataIndex: 'channelAccountName' },
    { title: t('channels.listings.stockNumber'), dataIndex: 'stockNumber' },
    { title: t('channels.orders.externalCode'), dataIndex: 'externalCode', responsive: ['md'] },
    // No channel quantity means the channel no longer had the listing, so it was published again.
    { title: t('channels.sync.channelQuantity'), dataIndex: 'channelQuantity', align: 'right', render: (value: number | null) => value ?? '—' },
    { title: t('channels.sync.expectedQuantity'), dataIndex: 'expectedQuantity', align: 'right' },
  ];

  return (
    <>
      <PageTitle title={t('channels.sync.title')} subtitle={t('channels.sync.lead')} />
      {error && <LoadError error={error} onRetry={reload} />}
      {loading && !data && <Card loading />}
      {data && data.accounts.length === 0 && <Empty description={t('channels.sync.noAccounts')} />}
      <Flex vertical gap={12} style={{ marginBottom: 24 }}>
        {(data?.accounts ?? []).map((account) => (
          <AccountCard key={account.id} account={account} onChanged={reload} />
        ))}
      </Flex>
      <Typography.Title level={4}>{t('channels.sync.corrections')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('channels.sync.correctionsLead')}</Typography.Paragraph>
      <Table<DriftCorrection>
        rowKey={(row) => `${row.at}-${row.channelAccountName}-${row.externalCode}`}
        size="small"
        columns={correctionColumns}
        dataSource={data?.corrections ?? []}
        pagination={{ pageSize: 50, showSizeChanger: false, hideOnSinglePage: true }}
        locale={{ emptyText: t('channels.sync.noCorrections') }}
        scroll={{ x: 'max-content' }}
        data-testid="sync-corrections"
      />
    </>
  );
}
