import { Tag } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../lib/format.js';
import type { BilingualText, ChannelKind, ChannelOrderStatus, ListingState, OrderLineState } from './types.js';

/** Refresh period of the screens that follow work in progress, in milliseconds. */
export const REFRESH_MS = 3000;

export function useLocale(): Locale {
  const { i18n } = useTranslation();
  return i18n.language === 'en' ? 'en' : 'ja';
}

/** Picks the user's language from a text the server sent in both; undefined stays undefined. */
export function textIn(text: BilingualText | null | undefined, locale: Locale): string | undefined {
  if (!text) return undefined;
  return text[locale] || text.ja;
}

/** Formats a tax rate that the server sends as a fraction (0.1) as a percentage ("10%"), or null as a dash. */
export function formatTaxRate(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 100)}%`;
}

/** Calls `reload` every REFRESH_MS while `active` is true. */
export function useRefreshWhile(active: boolean, reload: () => void): void {
  useEffect(() => {
    if (!active) return;
    const timer = window.setInterval(reload, REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [active, reload]);
}

const LISTING_STATE_COLORS: Record<ListingState, string> = {
  draft: 'default',
  publishing: 'processing',
  live: 'green',
  withdrawing: 'processing',
  withdrawn: 'default',
  error: 'red',
};

export function ListingStateTag({ state }: { state: ListingState }) {
  const { t } = useTranslation();
  return (
    <Tag color={LISTING_STATE_COLORS[state]} data-testid={`listing-state-${state}`}>
      {t(`channels.listingState.${state}`)}
    </Tag>
  );
}

const ORDER_STATUS_COLORS: Record<ChannelOrderStatus, string> = {
  new: 'blue',
  to_confirm: 'gold',
  to_ship: 'orange',
  shipped: 'green',
  cancelled: 'default',
};

export function OrderStatusTag({ status }: { status: ChannelOrderStatus }) {
  const { t } = useTranslation();
  return <Tag color={ORDER_STATUS_COLORS[status]}>{t(`channels.orderStatus.${status}`)}</Tag>;
}

const LINE_STATE_COLORS: Record<OrderLineState, string> = {
  reserved: 'blue',
  unmatched: 'red',
  short: 'red',
  released: 'default',
  sold: 'green',
};

export function LineStateTag({ state }: { state: OrderLineState }) {
  const { t } = useTranslation();
  return <Tag color={LINE_STATE_COLORS[state]}>{t(`channels.lineState.${state}`)}</Tag>;
}

/** Renders the channel as a tag before the account name, e.g. "[楽天市場] 楽天 本店". */
export function ChannelAccountLabel({ kind, name }: { kind: ChannelKind; name: string }) {
  const { t } = useTranslation();
  return (
    <span>
      <Tag>{t(`channels.kinds.${kind}`)}</Tag>
      {name}
    </span>
  );
}

/** Time since an ISO timestamp as "12 秒前" / "12 s ago"; a time in the future counts as 0 s. */
export function useAgeFormatter(): (iso: string, now?: number) => string {
  const { t } = useTranslation();
  return (iso, now = Date.now()) => {
    const seconds = Math.max(0, Math.floor((now - new Date(iso).getTime()) / 1000));
    if (seconds < 60) return t('channels.sync.ageSeconds', { count: seconds });
    if (seconds < 3600) return t('channels.sync.ageMinutes', { count: Math.floor(seconds / 60) });
    if (seconds < 86_400) return t('channels.sync.ageHours', { count: Math.floor(seconds / 3600) });
    return t('channels.sync.ageDays', { count: Math.floor(seconds / 86_400) });
  };
}
