import { CloudDownloadOutlined } from '@ant-design/icons';
import { App, Button, Flex, Input, Select, Space, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useApiQuery, useErrorReporter } from '../../api/hooks.js';
import { LoadError } from '../../components/LoadError.js';
import { PageTitle } from '../../components/PageTitle.js';
import { formatDateTime, formatYen } from '../../lib/format.js';
import { Link, navigate } from '../../lib/router.js';
import { useDebouncedValue } from '../../lib/useDebouncedValue.js';
import { ChannelAccountLabel, OrderStatusTag, textIn, useLocale } from './channelUi.js';
import { ORDER_STATUSES, type ChannelAccountOutput, type ChannelOrderStatus, type ChannelOrderSummary } from './types.js';

type OrderTab = ChannelOrderStatus | 'flagged';

/** Query of GET /api/channel-orders for a tab: a status, or every flagged order whatever its status. */
function tabQuery(tab: OrderTab): { status?: ChannelOrderStatus; flagged?: 'true' } {
  return tab === 'flagged' ? { flagged: 'true' } : { status: tab };
}

/** Asks the channel for new and changed orders of one account now, instead of waiting for the next poll. */
function PollButton({ account, onPolled }: { account: ChannelAccountOutput; onPolled: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const reportError = useErrorReporter();
  const [polling, setPolling] = useState(false);

  const poll = async () => {
    setPolling(true);
    try {
      const result = await api.post<{ imported: number; updated: number }>(`/api/channel-accounts/${account.id}/poll`);
      void message.success(t('channels.orders.polled', { name: account.name, imported: result.imported, updated: result.updated }));
      onPolled();
    } catch (cause) {
      reportError(cause);
    } finally {
      setPolling(false);
    }
  };

  return (
    <Button icon={<CloudDownloadOutlined />} loading={polling} onClick={() => void poll()} data-testid={`order-poll-${account.id}`}>
      {t('channels.orders.pollNow', { name: account.name })}
    </Button>
  );
}

/** Lists the orders imported from channels (受注一覧) by status tab, with the flagged ones on their own tab. */
export function ChannelOrdersPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const [tab, setTab] = useState<OrderTab>('new');
  const [channelAccountId, setChannelAccountId] = useState<number | null>(null);
  const [search, setSearch] = useState('');
  const q = useDebouncedValue(search.trim(), 300);
  const accounts = useApiQuery<{ accounts: ChannelAccountOutput[] }>('/api/channel-accounts');
  const { data, error, loading, reload } = useApiQuery<{ orders: ChannelOrderSummary[] }>('/api/channel-orders', { ...tabQuery(tab), channelAccountId, q });

  const columns: TableColumnsType<ChannelOrderSummary> = [
    { title: t('channels.orders.orderNumber'), dataIndex: 'orderNumber', render: (value: string, row) => <Link to={`/channels/orders/${row.id}`}>{value}</Link> },
    {
      title: t('channels.orders.status'),
      dataIndex: 'status',
      render: (value: ChannelOrderStatus, row) => (
        <Space size={4} wrap>
          <OrderStatusTag status={value} />
          {row.flagged && <Tag color="red">{t('channels.orders.flagged')}</Tag>}
        </Space>
      ),
    },
    { title: t('channels.account'), key: 'account', render: (_, row) => <ChannelAccountLabel kind={row.channelKind} name={row.channelAccountName} /> },
    { title: t('channels.orders.orderedAt'), dataIndex: 'orderedAt', render: (value: string) => formatDateTime(value, locale) },
    { title: t('channels.orders.buyer'), dataIndex: 'buyerName' },
    { title: t('channels.orders.lineCount'), dataIndex: 'lineCount', align: 'right', responsive: ['md'] },
    { title: t('channels.orders.total'), dataIndex: 'total', align: 'right', render: (value: number) => formatYen(value) },
    {
      title: t('channels.orders.problem'),
      key: 'flagReason',
      render: (_, row) => (row.flagReason ? <Typography.Text type="danger">{textIn(row.flagReason, locale)}</Typography.Text> : null),
    },
    { title: t('channels.orders.importedAt'), dataIndex: 'importedAt', responsive: ['xl'], render: (value: string) => formatDateTime(value, locale) },
  ];

  const activeAccounts = (accounts.data?.accounts ?? []).filter((account) => account.status === 'active');

  return (
    <>
      <PageTitle title={t('channels.orders.title')} subtitle={t('channels.orders.lead')} />
      {activeAccounts.length > 0 && (
        <Flex wrap gap={8} style={{ marginBottom: 12 }}>
          {activeAccounts.map((account) => (
            <PollButton key={account.id} account={account} onPolled={reload} />
          ))}
        </Flex>
      )}
      <Tabs
        activeKey={tab}
        onChange={(key) => setTab(key as OrderTab)}
        items={[
          ...ORDER_STATUSES.map((status) => ({ key: status, label: t(`channels.orderStatus.${status}`) })),
          { key: 'flagged', label: <Typography.Text type="danger">{t('channels.orders.flaggedTab')}</Typography.Text> },
        ]}
        data-testid="order-tabs"
      />
      <Flex wrap gap={8} style={{ marginBottom: 12 }}>
        <Select<number>
          allowClear
          style={{ width: 240 }}
          aria-label={t('channels.listings.filterAccount')}
          placeholder={t('channels.listings.filterAccount')}
          value={channelAccountId}
          onChange={(value) => setChannelAccountId(value ?? null)}
          options={(accounts.data?.accounts ?? []).map((account) => ({ value: account.id, label: `${t(`channels.kinds.${account.kind}`)} / ${account.name}` }))}
        />
        <Input.Search
          allowClear
          style={{ width: 280 }}
          placeholder={t('channels.orders.search')}
          aria-label={t('channels.orders.search')}
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          data-testid="order-search"
        />
      </Flex>
      {error && <LoadError error={error} onRetry={reload} />}
      {accounts.error && <LoadError error={accounts.error} onRetry={accounts.reload} />}
      <Table<ChannelOrderSummary>
        rowKey="id"
        size="middle"
        loading={loading}
        columns={columns}
        dataSource={data?.orders ?? []}
        onRow={(row) => ({ onClick: () => navigate(`/channels/orders/${row.id}`), style: { cursor: 'pointer' } })}
        pagination={{ pageSize: 100, showSizeChanger: false, hideOnSinglePage: true }}
        locale={{ emptyText: t('channels.orders.empty') }}
        scroll={{ x: 'max-content' }}
        data-testid="orders-table"
      />
    </>
  );
}
