import { Empty, Timeline, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/hooks.js';
import type { ItemHistoryEntry, ItemUnit } from '../../api/types.js';
import { LoadError } from '../../components/LoadError.js';
import { useAttributeLabels } from '../../data/ReferenceData.js';
import { formatDateTime, formatQuantity, formatYen, type Locale } from '../../lib/format.js';
import { Link } from '../../lib/router.js';

/** Movement kinds that have a sentence of their own in the translations (history.sentence.*). */
const SENTENCE_KINDS = new Set([
  'purchase_receipt',
  'supplier_return',
  'transfer_send',
  'transfer_receive',
  'transfer_cancel',
  'write_off',
  'split_consume',
  'split_produce',
  'combine_consume',
  'combine_produce',
  'import',
  'adjustment',
]);

const KIND_COLORS: Record<string, string> = {
  purchase_receipt: 'green',
  import: 'green',
  split_produce: 'green',
  combine_produce: 'green',
  transfer_send: 'blue',
  transfer_receive: 'blue',
  transfer_cancel: 'gray',
  write_off: 'red',
  supplier_return: 'red',
  split_consume: 'gray',
  combine_consume: 'gray',
};

function documentLink(entry: ItemHistoryEntry) {
  const document = entry.document;
  if (!document?.number) return null;
  if ((document.type === 'purchase' || document.type === 'purchases') && document.id !== null) {
    return <Link to={`/purchases/${document.id}`}>{document.number}</Link>;
  }
  return document.number;
}

/** Lists every stock movement of an item, newest first, as one readable sentence each. */
export function ItemHistory({ itemId, unit, refreshKey }: { itemId: number; unit: ItemUnit; refreshKey: number }) {
  const { t, i18n } = useTranslation();
  const locale: Locale = i18n.language === 'en' ? 'en' : 'ja';
  const { label } = useAttributeLabels();
  const { data, error, loading, reload } = useApiQuery<{ entries: ItemHistoryEntry[] }>(`/api/items/${itemId}/history`);

  // The parent bumps refreshKey after a change to the item, so the new movements appear.
  useEffect(() => {
    if (refreshKey > 0) reload();
  }, [refreshKey, reload]);

  if (error) return <LoadError error={error} onRetry={reload} />;
  if (!loading && data?.entries.length === 0) return <Empty description={t('history.empty')} />;

  return (
    <Timeline
      data-testid="item-history"
      items={(data?.entries ?? []).map((entry) => {
        const from = entry.fromLocation?.name ?? '';
        const to = entry.toLocation?.name ?? '';
        const sentence = SENTENCE_KINDS.has(entry.kind)
          ? t(`history.sentence.${entry.kind}`, { from, to })
          : t('history.sentence.other', { kind: label('movementKinds', entry.kind), from: from || '—', to: to || '—' });
        const details = [
          formatQuantity(entry.quantity, unit, locale),
          entry.costAmount === undefined ? null : t('history.cost', { cost: formatYen(entry.costAmount) }),
          entry.user ? t('history.by', { name: entry.user.displayName }) : null,
        ].filter(Boolean);
        return {
          key: entry.movementId,
          color: KIND_COLORS[entry.kind] ?? 'blue',
          content: (
            <div data-testid="history-entry" data-kind={entry.kind}>
              <Typography.Text type="secondary" style={{ marginInlineEnd: 8 }}>
                {formatDateTime(entry.occurredAt, locale)}
              </Typography.Text>
              <Typography.Text strong>{label('movementKinds', entry.kind)}</Typography.Text>
              {entry.document?.number && <span style={{ marginInlineStart: 8 }}>{documentLink(entry)}</span>}
              <div>{sentence}</div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {details.join(' · ')}
                {/* Known reason codes are translated; free text entered by staff is shown as written. */}
                {entry.reason ? ` · ${t(`movementReasons.${entry.reason}`, { defaultValue: entry.reason })}` : ''}
              </Typography.Text>
            </div>
          ),
        };
      })}
    />
  );
}
