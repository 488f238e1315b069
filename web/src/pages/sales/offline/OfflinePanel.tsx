import { CloudUploadOutlined, DisconnectOutlined, SaveOutlined, ShoppingCartOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, List, Popconfirm, Result, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { currentLocale } from '../../../i18n/index.js';
import { formatDateTime, formatYen } from '../../../lib/format.js';
import { Link } from '../../../lib/router.js';
import type { QueuedSale } from './storage.js';
import type { OfflineMode } from './useOfflineMode.js';

/**
 * Renders the offline banner, the sales waiting on this device, and the results of the
 * last syncs on the counter screen. Renders nothing while online with nothing to show.
 */
export function OfflinePanel({ mode }: { mode: OfflineMode }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const { offline, catalogue, queue, results } = mode;
  if (!offline && queue.length === 0 && results.length === 0) return null;

  return (
    <Space orientation="vertical" style={{ width: '100%', marginBottom: 12 }}>
      {offline && (
        <Alert
          type="warning"
          showIcon
          icon={<DisconnectOutlined />}
          title={<span data-testid="offline-banner">{t('offline.banner')}</span>}
          description={catalogue ? t('offline.bannerDetail', { time: formatDateTime(catalogue.generatedAt, locale), count: catalogue.items.length }) : t('offline.noCatalogueDetail')}
        />
      )}

      {queue.length > 0 && (
        <Card
          size="small"
          title={t('offline.queueTitle', { count: queue.length })}
          extra={
            <Button size="small" icon={<CloudUploadOutlined />} loading={mode.syncing} disabled={offline} onClick={() => void mode.syncNow()} data-testid="offline-send-now">
              {mode.syncing ? t('offline.sending') : t('offline.sendNow')}
            </Button>
          }
          data-testid="offline-queue"
        >
          <List size="small" dataSource={queue} renderItem={(entry) => <QueuedRow entry={entry} onDiscard={() => mode.discard(entry.clientRef)} />} />
        </Card>
      )}

      {results.length > 0 && (
        <Card
          size="small"
          title={t('offline.resultsTitle')}
          extra={
            <Button size="small" type="link" onClick={mode.clearResults}>
              {t('offline.clearResults')}
            </Button>
          }
          data-testid="offline-results"
        >
          <List
            size="small"
            dataSource={results}
            renderItem={(result) => (
              <List.Item data-testid="offline-result" data-outcome={result.outcome}>
                <Space orientation="vertical" size={2}>
                  <Space wrap>
                    {result.outcome === 'conflict' ? (
                      <Tag color="error">{t('offline.conflict')}</Tag>
                    ) : (
                      <Tag color={result.conflictCode ? 'warning' : 'success'}>{result.conflictCode ? t('offline.sentWithNote') : t('offline.sent')}</Tag>
                    )}
                    <Typography.Text type="secondary">{formatDateTime(result.soldAtDevice, locale)}</Typography.Text>
                    {result.saleId !== null && result.saleNumber !== null && <Link to={`/sales/${result.saleId}`}>{result.saleNumber}</Link>}
                    <span>{formatYen(result.paidTotal)}</span>
                  </Space>
                  {result.message && <Typography.Text type={result.outcome === 'conflict' ? 'danger' : 'warning'}>{result.message}</Typography.Text>}
                  {result.conflictCode && <Link to="/sales/offline">{t('offline.openConflicts')}</Link>}
                </Space>
              </List.Item>
            )}
          />
        </Card>
      )}
    </Space>
  );
}

function QueuedRow({ entry, onDiscard }: { entry: QueuedSale; onDiscard: () => void }) {
  const { t } = useTranslation();
  return (
    <List.Item data-testid="offline-queued" data-status={entry.status}>
      <Space orientation="vertical" size={2}>
        <Space wrap>
          <Tag color={entry.status === 'rejected' ? 'error' : 'default'}>{entry.status === 'rejected' ? t('offline.rejected') : t('offline.pending')}</Tag>
          <Typography.Text type="secondary">{formatDateTime(entry.soldAt, currentLocale())}</Typography.Text>
          <span>{entry.stockNumbers.join(', ')}</span>
          <span>{formatYen(entry.total)}</span>
        </Space>
        {entry.error && <Typography.Text type="danger">{entry.error}</Typography.Text>}
        {entry.status === 'rejected' && (
          <Popconfirm title={t('offline.discardConfirm')} onConfirm={onDiscard}>
            <Button size="small" danger>
              {t('offline.discard')}
            </Button>
          </Popconfirm>
        )}
      </Space>
    </List.Item>
  );
}

/** Shows a sale just saved on the device while offline: its total and change, and the next sale. */
export function OfflineSaleSaved({ entry, change, onNext }: { entry: QueuedSale; change: number; onNext: () => void }) {
  const { t } = useTranslation();
  return (
    <Result
      status="info"
      icon={<SaveOutlined />}
      title={<span data-testid="offline-saved-title">{t('offline.savedTitle')}</span>}
      subTitle={
        <Space orientation="vertical">
          <Typography.Text type="secondary">{t('offline.savedSubtitle')}</Typography.Text>
          <Tag data-testid="offline-saved-status">{t('offline.pending')}</Tag>
          <Descriptions size="small" column={{ xs: 1, sm: 2 }} style={{ maxWidth: 480, margin: '0 auto' }}>
            <Descriptions.Item label={t('sales.total')}>{formatYen(entry.total)}</Descriptions.Item>
            <Descriptions.Item label={t('payments.change')}>
              <Typography.Text strong style={{ fontSize: 20 }}>
                {formatYen(change)}
              </Typography.Text>
            </Descriptions.Item>
          </Descriptions>
        </Space>
      }
      extra={
        <Button type="primary" size="large" icon={<ShoppingCartOutlined />} autoFocus onClick={onNext} data-testid="sale-next">
          {t('sales.nextSale')}
        </Button>
      }
    />
  );
}
