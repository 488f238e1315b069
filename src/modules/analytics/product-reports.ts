import { z } from 'zod';
import type { Executor } from '../../db/database.js';
import type { SalesChannel } from '../../db/schema.js';
import type { Locale } from '../../shared/errors.js';
import { consignmentOutOutstandingReport, consignmentPayablesReport, inventoryValueReport, slowMoversReport, stockAgingReport } from './inventory-reports.js';
import { sumColumn, categoryName, column, compareCategories, NONE_LABEL, note } from './product-columns.js';
import { productReportErrors } from './product-errors.js';
import { daysInStockByChannel, factsFilter, PRICE_BANDS, priceBandOf, salesForRanking, soldByCategoryAndPrice, soldWhere, type PriceBandKey, type SoldWhereDimension } from './product-queries.js';
import { CHANNEL_LABELS, periodQuery, SALES_CHANNELS, type PeriodQuery } from './query.js';
import { defineReport, type ReportContext, type ReportDefinition } from './registry.js';
import { onHandUnits, reportLocations } from './stock-queries.js';
import { ratio, type Label, type ReportColumn, type ReportRow, type ReportTable } from './table.js';

// Product analysis from sales facts: sell-through, ABC ranking, what sold where and days to
// sell. Sales figures are net: returns and refunds in the period count against it.

function periodNote(query: PeriodQuery): Label {
  return note(`期間: ${query.from}〜${query.to}（日本時間の営業日）。返品・返金はその日の分として差し引きます。`, `Period: ${query.from} to ${query.to} (business days in Japan). Returns and refunds are netted on the day they happened.`);
}

const sellThroughQuery = periodQuery.extend({ by: z.enum(['category', 'price_band']).default('category') });

const sellThrough = defineReport({
  id: 'sell-through',
  summary: 'Sell-through by category or tax-included price band: sold / (sold + on hand)',
  permission: 'reports.view',
  query: sellThroughQuery,
  async run(db, query, ctx): Promise<ReportTable> {
    const locations = reportLocations(query.locationIds, ctx.scope);
    const sold = await soldByCategoryAndPrice(db, factsFilter(query, locations));
    const onHandRows = await onHandUnits(db, locations);

    // Sold and on-hand figures keyed by category or price band.
    const keyOf = (row: { category: string; unitPriceIncl: number }) => (query.by === 'category' ? row.category : priceBandOf(row.unitPriceIncl));
    const groups = new Map<string, { soldUnits: number; salesIncl: number; onHandUnits: number }>();
    const groupOf = (key: string) => {
      const group = groups.get(key) ?? { soldUnits: 0, salesIncl: 0, onHandUnits: 0 };
      groups.set(key, group);
      return group;
    };
    for (const row of sold) {
      const group = groupOf(keyOf(row));
      group.soldUnits += row.units;
      group.salesIncl += row.salesIncl;
    }
    for (const row of onHandRows) groupOf(keyOf({ category: row.category, unitPriceIncl: row.unitRetailIncl })).onHandUnits += row.quantity;

    const bandOrder = PRICE_BANDS.map((band) => band.key as string);
    const keys = [...groups.keys()].sort(query.by === 'category' ? compareCategories : (a, b) => bandOrder.indexOf(a) - bandOrder.indexOf(b));
    const nameOf = (key: string) => (query.by === 'category' ? categoryName(key, ctx.locale) : PRICE_BANDS.find((band) => band.key === (key as PriceBandKey))!.label[ctx.locale]);
    const rows: ReportRow[] = keys.map((key) => {
      const group = groups.get(key)!;
      return { group: key, groupName: nameOf(key), soldUnits: group.soldUnits, onHandUnits: group.onHandUnits, sellThrough: ratio(group.soldUnits, group.soldUnits + group.onHandUnits), salesIncl: group.salesIncl };
    });
    const sum = (key: string) => sumColumn(rows, key);
    const soldUnits = sum('soldUnits');
    const onHand = sum('onHandUnits');

    return {
      id: 'sell-through',
      title: { ja: query.by === 'category' ? '消化率（分類別）' : '消化率（価格帯別）', en: query.by === 'category' ? 'Sell-through by category' : 'Sell-through by price band' },
      notes: [
        periodNote(query),
        note(
          '消化率 = 販売数 ÷ (販売数 + 現在の在庫数)。販売数は期間中の純販売数（返品を差し引いた数）、在庫数は今ある自社在庫と受託品の合計です。チャネルの絞り込みは販売数にだけかかります。',
          'Sell-through = units sold ÷ (units sold + units on hand). Units sold are net of returns in the period; units on hand are own and consigned stock held now. The channel filter applies to units sold only.',
        ),
        note('価格帯は税込の単価（値引き前）で分けます。', 'Price bands use the unit price including tax, before discounts.'),
      ],
      columns: [
        column('group', query.by === 'category' ? '分類コード' : '価格帯コード', query.by === 'category' ? 'Category code' : 'Band code', 'text'),
        column('groupName', query.by === 'category' ? '分類' : '価格帯', query.by === 'category' ? 'Category' : 'Price band', 'text'),
        column('soldUnits', '販売数', 'Units sold', 'number'),
        column('onHandUnits', '在庫数', 'Units on hand', 'number'),
        column('sellThrough', '消化率', 'Sell-through', 'percent'),
        column('salesIncl', '売上（税込）', 'Sales incl. tax', 'yen'),
      ],
      rows,
      totals: { group: null, groupName: null, soldUnits, onHandUnits: onHand, sellThrough: ratio(soldUnits, soldUnits + onHand), salesIncl: sum('salesIncl') },
    };
  },
});

/** Cumulative share limits of the ABC classes, in percent. */
const CLASS_A_PERCENT = 70;
const CLASS_B_PERCENT = 90;

/**
 * ABC class of a row from the value of the rows ranked above it: A while those make up less
 * than 70 % of the total, B while less than 90 %, else C. So the row that crosses a limit
 * belongs to the higher class, and the top row is always A. Rows of zero or negative value are C.
 */
export function abcClassOf(valueBefore: number, value: number, total: number): 'A' | 'B' | 'C' {
  if (value <= 0 || total <= 0) return 'C';
  if (valueBefore * 100 < CLASS_A_PERCENT * total) return 'A';
  if (valueBefore * 100 < CLASS_B_PERCENT * total) return 'B';
  return 'C';
}

const abcQuery = periodQuery.extend({
  basis: z.enum(['sales', 'margin']).default('sales'),
  level: z.enum(['item', 'category']).default('item'),
  /** Rows returned, from the top; shares, classes and totals always cover every row. */
  limit: z.coerce.number().int().min(1).max(100_000).default(1000),
});

const abc = defineReport({
  id: 'abc',
  summary: 'ABC ranking of items or categories by net sales or gross margin; margin needs cost.view',
  permission: 'reports.view',
  query: abcQuery,
  async run(db, query, ctx): Promise<ReportTable> {
    // A margin ranking reveals cost through its order and values, whatever columns are removed.
    if (query.basis === 'margin' && !ctx.canSeeCost) throw productReportErrors.margin_ranking_needs_cost({}, { field: 'basis', permission: 'cost.view' });

    const sales = await salesForRanking(db, factsFilter(query, reportLocations(query.locationIds, ctx.scope)), query.level);
    const valued = sales.map((row) => ({ ...row, value: query.basis === 'sales' ? row.salesExcl : row.salesExcl - row.cost }));
    valued.sort((a, b) => b.value - a.value || a.key.localeCompare(b.key));

    // Shares are of the positive values only, so returns exceeding sales do not inflate them.
    const total = valued.reduce((sum, row) => sum + Math.max(row.value, 0), 0);
    let before = 0;
    const rows: ReportRow[] = valued.map((row, index) => {
      const positive = Math.max(row.value, 0);
      const ranked: ReportRow = {
        rank: index + 1,
        key: row.key,
        name: query.level === 'category' ? categoryName(row.key, ctx.locale) : row.name,
        value: row.value,
        share: ratio(row.value, total),
        cumulativeShare: ratio(before + positive, total),
        class: abcClassOf(before, row.value, total),
        salesIncl: row.salesIncl,
        units: row.units,
      };
      before += positive;
      return ranked;
    });
    const valueLabel = query.basis === 'sales' ? { ja: '売上（税抜）', en: 'Sales excl. tax' } : { ja: '粗利', en: 'Gross margin' };

    return {
      id: 'abc',
      title: { ja: `ABC 分析（${valueLabel.ja}）`, en: `ABC ranking (${valueLabel.en.toLowerCase()})` },
      notes: [
        periodNote(query),
        query.basis === 'sales'
          ? note('税抜の純売上の大きい順に並べます。', 'Ranked by net sales excluding tax, largest first.')
          : note(
              '粗利 = 税抜の純売上 − 原価の大きい順に並べます。委託先での販売の原価は委託手数料を含み、受託品の原価は委託者への支払額です。',
              'Ranked by gross margin = net sales excluding tax − cost, largest first. For partner-shop sales the cost includes their commission; for consigned pieces it is what their consignor is owed.',
            ),
        note(
          `上位からの累計構成比が ${CLASS_A_PERCENT}% に届くまでが A、${CLASS_B_PERCENT}% に届くまでが B、残りが C です。境目をまたぐ行は上のクラスに入ります。構成比はプラスの値の合計に対する割合です。`,
          `A covers the top rows until their cumulative share reaches ${CLASS_A_PERCENT} %, B until ${CLASS_B_PERCENT} %, C the rest; the row that crosses a limit belongs to the higher class. Shares are of the total of positive values.`,
        ),
        ...(rows.length > query.limit
          ? [note(`全 ${rows.length} 行のうち上位 ${query.limit} 行を示します。合計はすべての行の合計です。`, `Showing the top ${query.limit} of ${rows.length} rows; the totals cover every row.`)]
          : []),
      ],
      columns: [
        column('rank', '順位', 'Rank', 'number'),
        column('key', query.level === 'item' ? '在庫番号' : '分類コード', query.level === 'item' ? 'Stock number' : 'Category code', 'text'),
        column('name', query.level === 'item' ? '商品名' : '分類', query.level === 'item' ? 'Name' : 'Category', 'text'),
        column('value', valueLabel.ja, valueLabel.en, 'yen'),
        column('share', '構成比', 'Share', 'percent'),
        column('cumulativeShare', '累計構成比', 'Cumulative share', 'percent'),
        column('class', 'クラス', 'Class', 'text'),
        column('salesIncl', '売上（税込）', 'Sales incl. tax', 'yen'),
        column('units', '販売数', 'Units', 'number'),
      ],
      rows: rows.slice(0, query.limit),
      totals: {
        rank: null,
        key: null,
        name: null,
        value: valued.reduce((sum, row) => sum + row.value, 0),
        share: null,
        cumulativeShare: null,
        class: null,
        salesIncl: valued.reduce((sum, row) => sum + row.salesIncl, 0),
        units: valued.reduce((sum, row) => sum + row.units, 0),
      },
    };
  },
});

const DIMENSION_LABELS: Record<SoldWhereDimension, Label> = {
  category: { ja: '分類', en: 'Category' },
  metal: { ja: '素材', en: 'Metal' },
  brand: { ja: 'ブランド', en: 'Brand' },
};

function groupName(dimension: SoldWhereDimension, key: string, locale: Locale): string {
  if (dimension === 'category') return categoryName(key, locale);
  return key === '' ? NONE_LABEL[locale] : key;
}

/** Sorts categories in menu order, other groups by code with the empty one last. */
function compareGroups(dimension: SoldWhereDimension): (a: string, b: string) => number {
  if (dimension === 'category') return compareCategories;
  return (a, b) => Number(a === '') - Number(b === '') || a.localeCompare(b);
}

const soldWhereQuery = periodQuery.extend({ by: z.enum(['category', 'metal', 'brand']).default('category'), measure: z.enum(['sales', 'units']).default('sales') });
type SoldWhereQuery = z.infer<typeof soldWhereQuery>;

/** Builds the matrix of groups (rows) by channel or location (columns), with a total column. */
function soldWhereTable(
  id: string,
  query: SoldWhereQuery,
  ctx: ReportContext,
  cells: Array<{ group: string; across: string; units: number; salesIncl: number }>,
  acrossColumns: ReportColumn[],
  acrossKey: (across: string) => string,
): ReportTable {
  const measureOf = (cell: { units: number; salesIncl: number }) => (query.measure === 'units' ? cell.units : cell.salesIncl);
  const type = query.measure === 'units' ? 'number' : 'yen';

  const byGroup = new Map<string, ReportRow>();
  for (const cell of cells) {
    const row = byGroup.get(cell.group) ?? { group: cell.group, groupName: groupName(query.by, cell.group, ctx.locale), ...Object.fromEntries(acrossColumns.map((col) => [col.key, 0])), total: 0 };
    const key = acrossKey(cell.across);
    row[key] = (row[key] as number) + measureOf(cell);
    row.total = (row.total as number) + measureOf(cell);
    byGroup.set(cell.group, row);
  }
  const order = compareGroups(query.by);
  const rows = [...byGroup.keys()].sort(order).map((key) => byGroup.get(key)!);
  const sum = (key: string) => sumColumn(rows, key);
  const dimension = DIMENSION_LABELS[query.by];
  const measure = query.measure === 'units' ? { ja: '販売数（返品差し引き）', en: 'net units sold' } : { ja: '売上（税込、返品・返金差し引き）', en: 'net sales including tax' };

  return {
    id,
    title: id === 'sold-where' ? { ja: `チャネル別の販売（${dimension.ja}別）`, en: `Sales by channel and ${dimension.en.toLowerCase()}` } : { ja: `拠点別の販売（${dimension.ja}別）`, en: `Sales by location and ${dimension.en.toLowerCase()}` },
    notes: [periodNote(query), note(`数値は${measure.ja}です。`, `Figures are ${measure.en}.`)],
    columns: [
      column('group', `${dimension.ja}コード`, `${dimension.en} code`, 'text'),
      column('groupName', dimension.ja, dimension.en, 'text'),
      ...acrossColumns.map((col) => ({ ...col, type }) as ReportColumn),
      column('total', '合計', 'Total', type),
    ],
    rows,
    totals: { group: null, groupName: null, ...Object.fromEntries(acrossColumns.map((col) => [col.key, sum(col.key)])), total: sum('total') },
  };
}

/** Returns a column for each channel present, in the menu order of channels. */
function channelColumns(present: ReadonlySet<string>): ReportColumn[] {
  return SALES_CHANNELS.filter((channel) => present.has(channel)).map((channel: SalesChannel) => column(`ch_${channel}`, CHANNEL_LABELS[channel].ja, CHANNEL_LABELS[channel].en, 'yen'));
}

/** Returns a column for each location present, by location code, headed by the location's name. */
async function locationColumns(db: Executor, present: ReadonlySet<string>): Promise<ReportColumn[]> {
  const ids = [...present].map(Number);
  if (ids.length === 0) return [];
  const locations = await db.selectFrom('locations').select(['id', 'code', 'name']).where('id', 'in', ids).orderBy('code').execute();
  return locations.map((location) => column(`loc_${location.id}`, location.name, location.name, 'yen'));
}

function soldWhereReport(id: 'sold-where' | 'sold-where-location', across: 'channel' | 'location') {
  return defineReport({
    id,
    summary: `Net sales or units per category, metal or brand and ${across === 'channel' ? 'channel (store counter, exhibition, partner shop, malls)' : 'location'}`,
    permission: 'reports.view',
    query: soldWhereQuery,
    async run(db, query, ctx): Promise<ReportTable> {
      const cells = await soldWhere(db, factsFilter(query, reportLocations(query.locationIds, ctx.scope)), query.by, across);
      const present = new Set(cells.map((cell) => cell.across));
      const columns = across === 'channel' ? channelColumns(present) : await locationColumns(db, present);
      return soldWhereTable(id, query, ctx, cells, columns, (key) => (across === 'channel' ? `ch_${key}` : `loc_${key}`));
    },
  });
}

/** Median of whole days given as (days, units) counts: the middle unit, or the mean of the two middle ones. */
export function weightedMedian(counts: ReadonlyArray<{ days: number; units: number }>): number | null {
  const sorted = counts.filter((count) => count.units > 0).sort((a, b) => a.days - b.days);
  const total = sorted.reduce((sum, count) => sum + count.units, 0);
  if (total === 0) return null;

  // Days of the unit at a zero-based position in the sorted list.
  const at = (position: number) => {
    let seen = 0;
    for (const count of sorted) {
      seen += count.units;
      if (position < seen) return count.days;
    }
    return sorted[sorted.length - 1]!.days;
  };
  return (at(Math.floor((total - 1) / 2)) + at(Math.floor(total / 2))) / 2;
}

const daysToSell = defineReport({
  id: 'days-to-sell',
  summary: 'Average and median days from arrival to sale, per channel',
  permission: 'reports.view',
  query: periodQuery,
  async run(db, query, ctx): Promise<ReportTable> {
    const counts = await daysInStockByChannel(db, factsFilter(query, reportLocations(query.locationIds, ctx.scope)));
    const summarize = (list: typeof counts) => {
      const units = list.reduce((sum, count) => sum + count.units, 0);
      const dayUnits = list.reduce((sum, count) => sum + count.days * count.units, 0);
      return { units, averageDays: units > 0 ? Math.round((dayUnits / units) * 10) / 10 : null, medianDays: weightedMedian(list) };
    };
    const rows: ReportRow[] = SALES_CHANNELS.filter((channel) => counts.some((count) => count.channel === channel)).map((channel) => ({
      channel,
      channelName: CHANNEL_LABELS[channel][ctx.locale],
      ...summarize(counts.filter((count) => count.channel === channel)),
    }));

    return {
      id: 'days-to-sell',
      title: { ja: 'チャネル別の販売までの日数', en: 'Days to sell by channel' },
      notes: [
        periodNote(query),
        note(
          '期間中に売れた商品の、商品登録日（入荷日）から販売日までの日数です。後で返品された販売は含みません。',
          'Days from the date each piece sold in the period was registered (its arrival) to the day it sold. Sales later returned are left out.',
        ),
      ],
      columns: [
        column('channel', 'チャネルコード', 'Channel code', 'text'),
        column('channelName', 'チャネル', 'Channel', 'text'),
        column('units', '販売数', 'Units sold', 'number'),
        column('averageDays', '平均日数', 'Average days', 'decimal'),
        column('medianDays', '中央値（日）', 'Median days', 'decimal'),
      ],
      rows,
      totals: { channel: null, channelName: null, ...summarize(counts) },
    };
  },
});

/** Product analysis, inventory value and consignment reports, in menu order. */
export const PRODUCT_REPORTS: ReportDefinition[] = [
  sellThrough,
  stockAgingReport,
  slowMoversReport,
  abc,
  soldWhereReport('sold-where', 'channel'),
  soldWhereReport('sold-where-location', 'location'),
  daysToSell,
  inventoryValueReport,
  consignmentPayablesReport,
  consignmentOutOutstandingReport,
];
