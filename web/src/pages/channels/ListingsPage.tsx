import { CloudUploadOutlined, DownloadOutlined, EditOutlined, PlusOutlined, StopOutlined } from '@ant-design/icons';
import { Alert, App, Button, Dropdown, Flex, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, downloadFile } from '../../api/client.js';
import { useApiQuery, useErrorReporter } from '../../api/hooks.js';
import { LoadError } from '../../components/LoadError.js';
import { PageTitle } from '../../components/PageTitle.js';
import { formatDateTime, formatYen } from '../../lib/format.js';
import { Link } from '../../lib/router.js';
import { ChannelAccountLabel, ListingStateTag, textIn, useLocale, useRefreshWhile } from './channelUi.js';
import { ListingEditDrawer } from './ListingEditDrawer.js';
import { NewListingsDialog } from './NewListingsDialog.js';
import type { ChannelAccountOutput, Listing, ListingBulkResult, ListingState } from './types.js';

const STATES: ListingState[] = ['draft', 'publishing', 'live', 'withdrawing', 'withdrawn', 'error'];

/** States that the channel runner is still working on; the list refreshes while any is shown. */
const IN_PROGRESS: ListingState[] = ['publishing', 'withdrawing'];

/** Channel upload files of the selected listings; the server writes them in the channel's format. */
const EXPORTS = [
  { key: 'rakuten-item', label: 'channels.listings.exportRakutenItem', fallbackName: 'normal-item.csv' },
  { key: 'yahoo-data', label: 'channels.listings.exportYahooData', fallbackName: 'data.csv' },
  { key: 'yahoo-quantity', label: 'channels.listings.exportYahooQuantity', fallbackName: 'quantity.csv' },
] as const;

interface BulkOutcome {
  action: 'publish' | 'withdraw';
  result: ListingBulkResult;
}

/** Shows what a bulk publish or withdraw did: how many listings moved, and why the others did not. */
function BulkOutcomeAlert({ outcome, onClose }: { outcome: BulkOutcome; onClose: () => void }) {
  const { t } = useTranslation();
  const { changed, skipped } = outcome.result;
  let type: 'success' | 'warning' | 'error' = 'warning';
  if (skipped.length === 0) type = 'success';
  else if (changed.length === 0) type = 'error';

  return (
    <Alert
      closable={{ onClose }}
      showIcon
      type={type}
      style={{ marginBottom: 12 }}
      data-testid="listing-bulk-result"
      title={t(outcome.action === 'publish' ? 'channels.listings.publishResult' : 'channels.listings.withdrawResult', { count: changed.length })}
      description={
        skipped.length > 0 && (
          <>
            <div>{t('channels.listings.skippedLead')}</div>
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {skipped.map((skip) => (
                <li key={skip.listingId}>{skip.message}</li>
              ))}
            </ul>
          </>
        )
      }
    />
  );
}

/** Lists the pieces listed on channels (出品一覧) with filters, bulk publish and withdraw, editing, new drafts and upload files. */
export function ListingsPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { modal } = App.useApp();
  const reportError = useErrorReporter();
  const [channelAccountId, setChannelAccountId] = useState<number | null>(null);
  const [state, setState] = useState<ListingState | null>(null);
  const [selected, setSelected] = useState<number[]>([]);
  const [outcome, setOutcome] = useState<BulkOutcome>();
  const [acting, setActing] = useState<'publish' | 'withdraw' | 'export'>();
  const [editing, setEditing] = useState<Listing>();
  const [creating, setCreating] = useState(false);
  const accounts = useApiQuery<{ accounts: ChannelAccountOutput[] }>('/api/channel-accounts');
  const { data, error, loading, reload } = useApiQuery<{ listings: Listing[] }>('/api/listings', { channelAccountId, state });
  const listings = useMemo(() => data?.listings ?? [], [data]);
  const inProgress = listings.some((listing) => IN_PROGRESS.includes(listing.state));
  useRefreshWhile(inProgress, reload);

  const runBulk = async (action: 'publish' | 'withdraw') => {
    setActing(action);
    try {
      const result = await api.post<ListingBulkResult>(`/api/listings/${action}`, { listingIds: selected });
      setOutcome({ action, result });
      setSelected([]);
      reload();
    } catch (cause) {
      reportError(cause);
    } finally {
      setActing(undefined);
    }
  };

  const confirmWithdraw = () => {
    modal.confirm({
      title: t('channels.listings.withdrawConfirm'),
      content: t('channels.listings.withdrawConfirmHint'),
      okText: t('channels.listings.withdraw'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () => runBulk('withdraw'),
    });
  };

  const exportFile = async (key: (typeof EXPORTS)[number]['key']) => {
    const spec = EXPORTS.find((candidate) => candidate.key === key)!;
    setActing('export');
    try {
      await downloadFile(`/api/listings/export/${key}`, { ids: selected.join(',') }, spec.fallbackName);
    } catch (cause) {
      reportError(cause);
    } finally {
      setActing(undefined);
    }
  };

  const columns: TableColumnsType<Listing> = [
    {
      title: t('channels.listings.stockNumber'),
      dataIndex: 'stockNumber',
      render: (value: string, row) => (
        <>
          <Link to={`/items/${row.itemId}`}>{value}</Link>
          {row.consignorName && (
            <Tag color="purple" style={{ marginInlineStart: 6 }}>
              {t('channels.orders.consigned', { name: row.consignorName })}
            </Tag>
          )}
        </>
      ),
    },
    { title: t('channels.listings.listingTitle'), dataIndex: 'title', ellipsis: true, width: 320 },
    { title: t('channels.account'), key: 'account', render: (_, row) => <ChannelAccountLabel kind={row.channelKind} name={row.channelAccountName} /> },
    {
      title: t('channels.listings.price'),
      dataIndex: 'price',
      align: 'right',
      render: (value: number, row) => (
        <Space size={4}>
          {formatYen(value)}
          <Tag color={row.priceBasis === 'excluded' ? 'orange' : undefined}>{t(row.priceBasis === 'excluded' ? 'items.priceExcluded' : 'items.priceIncluded')}</Tag>
        </Space>
      ),
    },
    { title: t('channels.listings.state'), dataIndex: 'state', render: (value: ListingState) => <ListingStateTag state={value} /> },
    {
      title: t('channels.listings.lastError'),
      key: 'lastError',
      render: (_, row) => {
        // A listing whose error has no stored message shows the error code instead.
        const text = textIn(row.lastError, locale) ?? row.lastErrorCode;
        return text ? <Typography.Text type="danger">{text}</Typography.Text> : null;
      },
    },
    { title: t('channels.listings.updatedAt'), dataIndex: 'updatedAt', responsive: ['lg'], render: (value: string) => formatDateTime(value, locale) },
    {
      title: '',
      key: 'actions',
      render: (_, row) => {
        const busy = IN_PROGRESS.includes(row.state);
        return (
          <Button size="small" icon={<EditOutlined />} disabled={busy} title={busy ? t('channels.listings.busyHint') : undefined} onClick={() => setEditing(row)} data-testid={`listing-edit-${row.id}`}>
            {t('channels.listings.edit')}
          </Button>
        );
      },
    },
  ];

  return (
    <>
      <PageTitle
        title={t('channels.listings.title')}
        subtitle={t('channels.listings.lead')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="listing-new">
            {t('channels.listings.new')}
          </Button>
        }
      />
      <Flex wrap gap={8} align="center" style={{ marginBottom: 12 }}>
        <Select<number>
          allowClear
          style={{ width: 240 }}
          aria-label={t('channels.listings.filterAccount')}
          placeholder={t('channels.listings.filterAccount')}
          value={channelAccountId}
          onChange={(value) => {
            setChannelAccountId(value ?? null);
            setSelected([]);
          }}
          options={(accounts.data?.accounts ?? []).map((account) => ({ value: account.id, label: `${t(`channels.kinds.${account.kind}`)} / ${account.name}` }))}
          data-testid="listing-filter-account"
        />
        <Select<ListingState>
          allowClear
          style={{ width: 180 }}
          aria-label={t('channels.listings.filterState')}
          placeholder={t('channels.listings.filterState')}
          value={state}
          onChange={(value) => {
            setState(value ?? null);
            setSelected([]);
          }}
          options={STATES.map((value) => ({ value, label: t(`channels.listingState.${value}`) }))}
          data-testid="listing-filter-state"
        />
        <div style={{ flex: 1 }} />
        {selected.length > 0 && <Typography.Text data-testid="listing-selected-count">{t('channels.listings.selected', { count: selected.length })}</Typography.Text>}
        <Button icon={<CloudUploadOutlined />} disabled={selected.length === 0} loading={acting === 'publish'} onClick={() => void runBulk('publish')} data-testid="listing-publish">
          {t('channels.listings.publish')}
        </Button>
        <Button danger icon={<StopOutlined />} disabled={selected.length === 0} loading={acting === 'withdraw'} onClick={confirmWithdraw} data-testid="listing-withdraw">
          {t('channels.listings.withdraw')}
        </Button>
        <Dropdown
          disabled={selected.length === 0}
          menu={{
            items: EXPORTS.map((spec) => ({ key: spec.key, label: t(spec.label) })),
            onClick: ({ key }) => void exportFile(key as (typeof EXPORTS)[number]['key']),
          }}
        >
          <Button icon={<DownloadOutlined />} disabled={selected.length === 0} loading={acting === 'export'} data-testid="listing-export">
            {t('channels.listings.export')}
          </Button>
        </Dropdown>
      </Flex>
      {outcome && <BulkOutcomeAlert outcome={outcome} onClose={() => setOutcome(undefined)} />}
      {error && <LoadError error={error} onRetry={reload} />}
      {accounts.error && <LoadError error={accounts.error} onRetry={accounts.reload} />}
      <Table<Listing>
        rowKey="id"
        size="middle"
        // A refresh while listings are processed keeps the rows on screen without a spinner.
        loading={loading && !inProgress}
        columns={columns}
        dataSource={listings}
        rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys.map(Number)), preserveSelectedRowKeys: false }}
        pagination={{ pageSize: 100, showSizeChanger: false, hideOnSinglePage: true }}
        locale={{ emptyText: t('channels.listings.empty') }}
        scroll={{ x: 'max-content' }}
        data-testid="listings-table"
      />
      {editing && (
        <ListingEditDrawer
          listing={editing}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            reload();
          }}
        />
      )}
      {creating && (
        <NewListingsDialog
          accounts={accounts.data?.accounts ?? []}
          onClose={() => setCreating(false)}
          onCreated={() => {
            setCreating(false);
            reload();
          }}
        />
      )}
    </>
  );
}
