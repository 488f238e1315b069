import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { ChannelOrderStatus, SalesChannel } from '../../db/schema.js';
import { canActAt } from '../access/scope.js';
import { syncStatus } from '../channels/sync/status.js';
import { daysFrom, daysInMonth, forecastForMonth, monthRange } from './periods.js';
import { CHANNEL_LABELS } from './query.js';
import type { ReportContext } from './registry.js';
import { allowedLocations, sumDaily } from './sales-queries.js';
import { readAnalyticsSettings, type AnalyticsSettings } from './settings.js';
import { ratio, type Label, type ReportColumn, type ReportRow, type ReportTable } from './table.js';
import { readTargets, salesOnBasis, targetBasisNote, targetKey } from './targets.js';

// The dashboard: today's and this month's sales against target per location, the month's
// cumulative sales for the chart, the latest channel orders, the channels' sync health and
// the pieces aging in stock. Each part is a ReportTable, so it can be exported like a report.

export const DASHBOARD_TABLES = ['today', 'month', 'daily', 'recentOrders', 'syncHealth', 'aging'] as const;
export type DashboardTableKey = (typeof DASHBOARD_TABLES)[number];

export interface DashboardQuery {
  /** Locations to show; empty or undefined for every location the user may see. */
  locationIds?: readonly number[];
}

export interface DashboardOptions {
  /** Whether buyers' names may be shown (the customers.personal_data permission); true when left out. */
  personalData?: boolean;
}

export interface Dashboard {
  businessDate: string;
  month: string;
  tables: Record<DashboardTableKey, ReportTable>;
}

const col = (key: string, ja: string, en: string, type: ReportColumn['type']): ReportColumn => ({ key, label: { ja, en }, type });

/** First columns of the per-location tables. */
const LOCATION_COLUMNS: ReportColumn[] = [col('locationId', '拠点 ID', 'Location id', 'number'), col('locationName', '拠点', 'Location', 'text')];

const ORDER_STATUS_LABELS: Record<ChannelOrderStatus, Label> = {
  new: { ja: '新規', en: 'New' },
  to_confirm: { ja: '確認待ち', en: 'To confirm' },
  to_ship: { ja: '発送待ち', en: 'To ship' },
  shipped: { ja: '発送済み', en: 'Shipped' },
  cancelled: { ja: 'キャンセル', en: 'Cancelled' },
};

const SYNC_STATE_LABELS: Record<string, Label> = {
  active: { ja: '稼働中', en: 'Running' },
  paused: { ja: '停止中', en: 'Paused' },
  failing: { ja: 'エラーあり', en: 'Failing' },
};

interface LocationRow {
  id: number;
  name: string;
}

/**
 * Locations the sales tables list: every active store the user may see (so a store with no
 * sales yet shows 0) and any location with sales this month or a target.
 */
async function dashboardLocations(db: Executor, ctx: ReportContext, filter: readonly number[] | undefined, withFigures: ReadonlySet<string>): Promise<LocationRow[]> {
  const rows = await db.selectFrom('locations').select(['id', 'code', 'name', 'kind', 'is_active']).orderBy('code').execute();
  return rows
    .filter((row) => (filter === undefined || filter.includes(Number(row.id))) && canActAt(ctx.scope, Number(row.id)))
    .filter((row) => (row.kind === 'store' && row.is_active === 1) || withFigures.has(String(row.id)))
    .map((row) => ({ id: Number(row.id), name: row.name }));
}

/**
 * Builds the dashboard for ctx.today. Sales figures come from sales_daily (one read for the
 * month, grouped by day and location); the other tables read small tables or the newest rows.
 */
export async function buildDashboard(db: Executor, query: DashboardQuery, ctx: ReportContext, options: DashboardOptions = {}): Promise<Dashboard> {
  const settings = await readAnalyticsSettings(db);
  const today = ctx.today;
  const month = today.slice(0, 7);
  const { from, to } = monthRange(month);
  const filter = allowedLocations(ctx.scope, query.locationIds);

  // The month by day and location, so both today's and the month's tables come from one read.
  const daily = await sumDaily(db, { from, to, locationIds: filter }, 'day', 'location');
  const targets = new Map((await readTargets(db, [month])).map((target) => [targetKey(target.scope, target.scopeRef), target.amount]));
  const withFigures = new Set([...daily.map((row) => row.group), ...[...targets.keys()].filter((key) => key.startsWith('location:')).map((key) => key.slice('location:'.length))]);
  const locations = await dashboardLocations(db, ctx, filter, withFigures);

  const tables: Record<DashboardTableKey, ReportTable> = {
    today: todayTable(daily, locations, targets, settings, today),
    month: monthTable(daily, locations, targets, settings, today, ctx.scope.all && filter === undefined),
    daily: dailyTable(daily, targets, settings, today, ctx.scope.all && filter === undefined),
    recentOrders: await recentOrdersTable(db, ctx, options.personalData ?? true),
    syncHealth: await syncHealthTable(db, ctx),
    aging: await agingTable(db, ctx, filter, settings.agingThresholdDays),
  };
  return { businessDate: today, month, tables };
}

type DailyRows = Awaited<ReturnType<typeof sumDaily>>;

function todayTable(daily: DailyRows, locations: LocationRow[], targets: Map<string, number>, settings: AnalyticsSettings, today: string): ReportTable {
  const days = daysInMonth(today.slice(0, 7));
  const totals = { salesIncl: 0, salesExcl: 0, tickets: 0, units: 0, dailyTarget: null as number | null };

  const rows: ReportRow[] = locations.map((location) => {
    const figures = daily.find((row) => row.period === today && row.group === String(location.id));
    const target = targets.get(targetKey('location', String(location.id)));
    const dailyTarget = target === undefined ? null : Math.round(target / days);
    const sales = { salesIncl: figures?.salesIncl ?? 0, salesExcl: figures?.salesExcl ?? 0 };
    totals.salesIncl += sales.salesIncl;
    totals.salesExcl += sales.salesExcl;
    totals.tickets += figures?.tickets ?? 0;
    totals.units += figures?.units ?? 0;
    if (dailyTarget !== null) totals.dailyTarget = (totals.dailyTarget ?? 0) + dailyTarget;
    return {
      locationId: location.id,
      locationName: location.name,
      salesIncl: sales.salesIncl,
      tickets: figures?.tickets ?? 0,
      units: figures?.units ?? 0,
      dailyTarget,
      achievement: dailyTarget === null ? null : ratio(salesOnBasis(settings.targetTaxBasis, sales), dailyTarget),
    };
  });

  return {
    id: 'dashboard-today',
    title: { ja: `本日の売上（${today}）`, en: `Today's sales (${today})` },
    notes: [targetBasisNote(settings.targetTaxBasis), { ja: '日割り目標は月の目標 ÷ 月の日数です。', en: "The daily target is the month's target divided by the days of the month." }],
    columns: [
      ...LOCATION_COLUMNS,
      col('salesIncl', '売上（税込）', 'Sales (tax incl.)', 'yen'),
      col('tickets', '客数', 'Tickets', 'number'),
      col('units', '点数', 'Units', 'number'),
      col('dailyTarget', '日割り目標', 'Daily target', 'yen'),
      col('achievement', '達成率', 'Achievement', 'percent'),
    ],
    rows,
    totals: {
      locationId: null,
      locationName: null,
      salesIncl: totals.salesIncl,
      tickets: totals.tickets,
      units: totals.units,
      dailyTarget: totals.dailyTarget,
      achievement: totals.dailyTarget === null ? null : ratio(salesOnBasis(settings.targetTaxBasis, totals), totals.dailyTarget),
    },
  };
}

/**
 * This month per location against its target. The totals row compares the whole company
 * with the company target when one is set and the user sees every location; otherwise the
 * locations that have a target with the sum of their targets.
 */
function monthTable(daily: DailyRows, locations: LocationRow[], targets: Map<string, number>, settings: AnalyticsSettings, today: string, wholeCompany: boolean): ReportTable {
  const month = today.slice(0, 7);
  const companyTarget = wholeCompany ? (targets.get(targetKey('company', '')) ?? null) : null;
  const totals = { salesIncl: 0, salesExcl: 0, cost: 0, target: null as number | null, actualWithTarget: 0 };

  const rows: ReportRow[] = locations.map((location) => {
    const figures = daily.filter((row) => row.group === String(location.id));
    const salesIncl = figures.reduce((sum, row) => sum + row.salesIncl, 0);
    const salesExcl = figures.reduce((sum, row) => sum + row.salesExcl, 0);
    const cost = figures.reduce((sum, row) => sum + row.cost, 0);
    const target = targets.get(targetKey('location', String(location.id))) ?? null;
    const actual = salesOnBasis(settings.targetTaxBasis, { salesIncl, salesExcl });
    const forecast = forecastForMonth(month, actual, today);
    totals.salesIncl += salesIncl;
    totals.salesExcl += salesExcl;
    totals.cost += cost;
    if (target !== null) {
      totals.target = (totals.target ?? 0) + target;
      totals.actualWithTarget += actual;
    }
    return {
      locationId: location.id,
      locationName: location.name,
      salesIncl,
      salesExcl,
      target,
      achievement: target === null ? null : ratio(actual, target),
      forecast,
      forecastAchievement: target === null || forecast === null ? null : ratio(forecast, target),
      grossMargin: salesExcl - cost,
    };
  });

  const totalActual = salesOnBasis(settings.targetTaxBasis, totals);
  const totalForecast = forecastForMonth(month, totalActual, today);
  // Without a company target, achievement compares only the locations that have a target
  // with the sum of those targets.
  const totalTarget = companyTarget ?? totals.target;
  const targetedActual = companyTarget !== null ? totalActual : totals.actualWithTarget;
  const targetedForecast = forecastForMonth(month, targetedActual, today);
  return {
    id: 'dashboard-month',
    title: { ja: `今月の売上（${month}）`, en: `This month's sales (${month})` },
    notes: [
      targetBasisNote(settings.targetTaxBasis),
      { ja: `見込みは ${today} までの 1 日あたりの売上 × 月の日数です。`, en: `The forecast is the sales per day up to ${today} times the days of the month.` },
      companyTarget !== null
        ? { ja: '合計の目標は全社の目標です。', en: 'The total target is the company target.' }
        : { ja: '合計の目標は拠点の目標の合計です。', en: 'The total target is the sum of the locations’ targets.' },
    ],
    columns: [
      ...LOCATION_COLUMNS,
      col('salesIncl', '売上（税込）', 'Sales (tax incl.)', 'yen'),
      col('salesExcl', '売上（税抜）', 'Sales (tax excl.)', 'yen'),
      col('target', '目標', 'Target', 'yen'),
      col('achievement', '達成率', 'Achievement', 'percent'),
      col('forecast', '月末見込み', 'Month-end forecast', 'yen'),
      col('forecastAchievement', '見込み達成率', 'Forecast achievement', 'percent'),
      col('grossMargin', '粗利', 'Gross margin', 'yen'),
    ],
    rows,
    totals: {
      locationId: null,
      locationName: null,
      salesIncl: totals.salesIncl,
      salesExcl: totals.salesExcl,
      target: totalTarget,
      achievement: totalTarget === null ? null : ratio(targetedActual, totalTarget),
      forecast: totalForecast,
      forecastAchievement: totalTarget === null || targetedForecast === null ? null : ratio(targetedForecast, totalTarget),
      grossMargin: totals.salesExcl - totals.cost,
    },
  };
}

/**
 * Lists the month day by day up to today, with the cumulative sales on the target basis and the
 * company target spread evenly over the days. The company target is shown only to users who
 * see every location with no location filter, since other users' sales are a part of it.
 */
function dailyTable(daily: DailyRows, targets: Map<string, number>, settings: AnalyticsSettings, today: string, wholeCompany: boolean): ReportTable {
  const month = today.slice(0, 7);
  const { from, to } = monthRange(month);
  const days = daysInMonth(month);
  const last = today < to ? today : to;
  const companyTarget = wholeCompany ? (targets.get(targetKey('company', '')) ?? null) : null;

  const rows: ReportRow[] = [];
  let cumulative = 0;
  let totalIncl = 0;
  let totalExcl = 0;
  for (let day = 0; day <= daysFrom(from, last); day += 1) {
    const date = `${month}-${String(day + 1).padStart(2, '0')}`;
    const figures = daily.filter((row) => row.period === date);
    const salesIncl = figures.reduce((sum, row) => sum + row.salesIncl, 0);
    const salesExcl = figures.reduce((sum, row) => sum + row.salesExcl, 0);
    totalIncl += salesIncl;
    totalExcl += salesExcl;
    cumulative += salesOnBasis(settings.targetTaxBasis, { salesIncl, salesExcl });
    rows.push({ date, salesIncl, salesExcl, cumulative, targetCumulative: companyTarget === null ? null : Math.round((companyTarget * (day + 1)) / days) });
  }

  return {
    id: 'dashboard-daily',
    title: { ja: `今月の日別売上（${month}）`, en: `This month by day (${month})` },
    notes: [targetBasisNote(settings.targetTaxBasis), { ja: '目標累計は全社の目標を日数で按分したものです。', en: 'The target line is the company target spread evenly over the days of the month.' }],
    columns: [
      col('date', '日付', 'Date', 'date'),
      col('salesIncl', '売上（税込）', 'Sales (tax incl.)', 'yen'),
      col('salesExcl', '売上（税抜）', 'Sales (tax excl.)', 'yen'),
      col('cumulative', '累計', 'Cumulative', 'yen'),
      col('targetCumulative', '目標累計', 'Target to date', 'yen'),
    ],
    rows,
    totals: { date: null, salesIncl: totalIncl, salesExcl: totalExcl, cumulative, targetCumulative: companyTarget },
  };
}

/** Lists the ten newest channel orders by order time. Channel orders belong to no location, so every viewer sees them. */
async function recentOrdersTable(db: Executor, ctx: ReportContext, personalData: boolean): Promise<ReportTable> {
  // The newest ten of each status, read through the (status, ordered_at) index, then the
  // newest ten of those: one ORDER BY ordered_at over every order would scan the whole table.
  const perStatus = await Promise.all(
    (Object.keys(ORDER_STATUS_LABELS) as ChannelOrderStatus[]).map((status) =>
      db
        .selectFrom('channel_orders')
        .innerJoin('channel_accounts', 'channel_accounts.id', 'channel_orders.channel_account_id')
        .select(['channel_orders.id', 'channel_orders.order_number', 'channel_orders.ordered_at', 'channel_orders.buyer_name', 'channel_orders.total', 'channel_orders.status', 'channel_accounts.kind', 'channel_accounts.name'])
        .where('channel_orders.status', '=', status)
        .orderBy('channel_orders.ordered_at', 'desc')
        .orderBy('channel_orders.id', 'desc')
        .limit(10)
        .execute(),
    ),
  );
  const orders = perStatus
    .flat()
    .sort((a, b) => {
      if (a.ordered_at !== b.ordered_at) return a.ordered_at < b.ordered_at ? 1 : -1;
      return Number(b.id) - Number(a.id);
    })
    .slice(0, 10);

  return {
    id: 'dashboard-recent-orders',
    title: { ja: '最近のチャネル注文', en: 'Recent channel orders' },
    notes: personalData ? [] : [{ ja: '購入者名は個人情報の権限がないため表示しません。', en: 'Buyer names are hidden because you lack the personal data permission.' }],
    columns: [
      col('orderNumber', '注文番号', 'Order number', 'text'),
      col('channel', 'チャネル', 'Channel', 'text'),
      col('accountName', 'アカウント', 'Account', 'text'),
      col('orderedAt', '注文日時', 'Ordered at', 'text'),
      col('buyerName', '購入者', 'Buyer', 'text'),
      col('total', '合計（税込）', 'Total (tax incl.)', 'yen'),
      col('status', '状態', 'Status', 'text'),
    ],
    rows: orders.map((order) => ({
      orderNumber: order.order_number,
      channel: CHANNEL_LABELS[order.kind as SalesChannel]?.[ctx.locale] ?? order.kind,
      accountName: order.name,
      orderedAt: order.ordered_at,
      buyerName: personalData ? order.buyer_name : '',
      total: Number(order.total),
      status: ORDER_STATUS_LABELS[order.status]?.[ctx.locale] ?? order.status,
    })),
    totals: null,
  };
}

/** Lists each channel account's sync state, from the sync status screen's figures. */
async function syncHealthTable(db: Executor, ctx: ReportContext): Promise<ReportTable> {
  const status = await syncStatus(db);
  return {
    id: 'dashboard-sync-health',
    title: { ja: 'チャネル連携の状態', en: 'Channel sync health' },
    notes: [],
    columns: [
      col('accountName', 'アカウント', 'Account', 'text'),
      col('channel', 'チャネル', 'Channel', 'text'),
      col('state', '状態', 'State', 'text'),
      col('lastSuccessAt', '最終成功', 'Last success', 'text'),
      col('pendingEvents', '未送信', 'Pending events', 'number'),
      col('oldestPendingAt', '最古の未送信', 'Oldest pending', 'text'),
      col('failures', '連続失敗', 'Failures', 'number'),
      col('lastError', '最後のエラー', 'Last error', 'text'),
    ],
    rows: status.accounts.map((account) => {
      let state = 'active';
      if (account.failureCount > 0) state = 'failing';
      if (account.status === 'paused') state = 'paused';
      return {
        accountName: account.name,
        channel: CHANNEL_LABELS[account.kind as SalesChannel]?.[ctx.locale] ?? account.kind,
        state: SYNC_STATE_LABELS[state]![ctx.locale],
        lastSuccessAt: account.lastSuccessAt,
        pendingEvents: account.pendingEvents,
        oldestPendingAt: account.oldestPendingAt,
        failures: Number(account.failureCount),
        lastError: account.lastError,
      };
    }),
    totals: null,
  };
}

/** Returns the UTC instant when the Japanese business date `date` begins. */
function startOfBusinessDate(date: string): string {
  return new Date(`${date}T00:00:00+09:00`).toISOString();
}

/**
 * Own pieces in stock longer than the aging threshold, per location: registered (arrived)
 * before today minus the threshold, in Japan time. Consigned pieces are not ours and are left
 * out. Retail value is the sum of retail prices as entered (on the tax basis each item states).
 */
async function agingTable(db: Executor, ctx: ReportContext, filter: readonly number[] | undefined, thresholdDays: number): Promise<ReportTable> {
  const cutoffDate = new Date(Date.parse(`${ctx.today}T00:00:00Z`) - thresholdDays * 86_400_000).toISOString().slice(0, 10);

  let query = db
    .selectFrom('stock_balances')
    .innerJoin('items', 'items.id', 'stock_balances.item_id')
    .innerJoin('locations', 'locations.id', 'stock_balances.location_id')
    .select([
      'stock_balances.location_id',
      'locations.name',
      'locations.code',
      sql<number>`sum(stock_balances.quantity)`.as('pieces'),
      sql<number>`sum(stock_balances.quantity * items.cost)`.as('cost'),
      sql<number>`sum(stock_balances.quantity * items.retail_price)`.as('retail'),
    ])
    .where('stock_balances.quantity', '>', 0)
    .where('items.ownership', '=', 'own')
    .where('items.created_at', '<', startOfBusinessDate(cutoffDate))
    .groupBy(['stock_balances.location_id', 'locations.name', 'locations.code'])
    .orderBy('locations.code');
  if (filter) query = query.where('stock_balances.location_id', 'in', [...filter]);

  const rows = (await query.execute()).map((row) => ({ locationId: Number(row.location_id), locationName: row.name, pieces: Number(row.pieces), cost: Number(row.cost), retailValue: Number(row.retail) }));
  return {
    id: 'dashboard-aging',
    title: { ja: `滞留在庫（${thresholdDays} 日超）`, en: `Aging stock (over ${thresholdDays} days)` },
    notes: [
      { ja: `${cutoffDate} より前に登録され、いまも在庫にある自社在庫（委託品を除く）。`, en: `Own pieces registered before ${cutoffDate} and still in stock; consigned pieces are left out.` },
      { ja: '上代は商品ごとの価格表示（税込・税抜）のまま合計しています。', en: 'Retail value adds up the retail prices as each item states them (tax included or excluded).' },
    ],
    columns: [
      ...LOCATION_COLUMNS,
      col('pieces', '点数', 'Pieces', 'number'),
      col('cost', '原価', 'Cost', 'yen'),
      col('retailValue', '上代', 'Retail value', 'yen'),
    ],
    rows,
    totals: {
      locationId: null,
      locationName: null,
      pieces: rows.reduce((sum, row) => sum + row.pieces, 0),
      cost: rows.reduce((sum, row) => sum + row.cost, 0),
      retailValue: rows.reduce((sum, row) => sum + row.retailValue, 0),
    },
  };
}
