import { addDays, parseISO } from 'date-fns';
import { z } from 'zod';
import { bilingual } from '../../shared/zod.js';
import { daysBetween } from './facts.js';
import { sumColumn, categoryName, categoryParam, column, compareCategories, daysParam, note } from './product-columns.js';
import { dateParam, idListParam } from './query.js';
import { defineReport } from './registry.js';
import { readAnalyticsSettings } from './settings.js';
import { consigneeOutstanding, heldStock, inventoryValueGroups, payableBalances, reportLocations } from './stock-queries.js';
import type { ReportRow, ReportTable } from './table.js';

// Reports on the stock held now and on consignment balances: aging, slow movers, inventory
// value, consignment payables and pieces out at consignees. Days in stock count from the
// business date (in Japan) the item was registered, as the days-in-stock of sales facts do.

function shiftDate(date: string, days: number): string {
  return addDays(parseISO(`${date}T00:00:00Z`), days).toISOString().slice(0, 10);
}

/** Returns the ISO UTC instant at which the Japanese business date `date` starts (midnight JST). */
function japanMidnightUtc(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - 9 * 3_600_000).toISOString();
}

/** Aging buckets by days since arrival; `max` is inclusive, null for the open end. */
export const AGING_BUCKETS = [
  { key: 'd0_30', max: 30, label: { ja: '0〜30 日', en: '0–30 days' } },
  { key: 'd31_90', max: 90, label: { ja: '31〜90 日', en: '31–90 days' } },
  { key: 'd91_180', max: 180, label: { ja: '91〜180 日', en: '91–180 days' } },
  { key: 'd181_365', max: 365, label: { ja: '181〜365 日', en: '181–365 days' } },
  { key: 'd366_plus', max: null, label: { ja: '366 日以上', en: 'Over 365 days' } },
] as const;

export function agingBucketOf(days: number): (typeof AGING_BUCKETS)[number]['key'] {
  return AGING_BUCKETS.find((bucket) => bucket.max === null || days <= bucket.max)!.key;
}

const stockAgingQuery = z.object({ locationIds: idListParam, category: categoryParam });

export const stockAgingReport = defineReport({
  id: 'stock-aging',
  summary: 'Pieces in stock by category and days since arrival, own stock at cost, consigned pieces apart',
  permission: 'reports.view',
  query: stockAgingQuery,
  async run(db, query, ctx): Promise<ReportTable> {
    const held = await heldStock(db, { locationIds: reportLocations(query.locationIds, ctx.scope), category: query.category });

    // One row per category of own stock, then one per category of consigned pieces.
    const rows = new Map<string, { row: ReportRow; consigned: boolean; category: string; dayUnits: number }>();
    for (const piece of held) {
      const key = piece.consigned ? `consigned_in:${piece.category}` : piece.category;
      const entry = rows.get(key) ?? {
        consigned: piece.consigned,
        category: piece.category,
        dayUnits: 0,
        row: {
          group: key,
          groupName: piece.consigned ? `${categoryName(piece.category, ctx.locale)}${ctx.locale === 'ja' ? '（受託品）' : ' (consigned)'}` : categoryName(piece.category, ctx.locale),
          ...Object.fromEntries(AGING_BUCKETS.map((bucket) => [bucket.key, 0])),
          units: 0,
          cost: piece.consigned ? null : 0,
          retailValue: 0,
          averageDays: null,
        },
      };
      const days = daysBetween(piece.createdAt, ctx.today);
      const bucket = agingBucketOf(days);
      entry.row[bucket] = (entry.row[bucket] as number) + piece.quantity;
      entry.row.units = (entry.row.units as number) + piece.quantity;
      if (!piece.consigned) entry.row.cost = (entry.row.cost as number) + piece.unitCost * piece.quantity;
      entry.row.retailValue = (entry.row.retailValue as number) + piece.unitRetailIncl * piece.quantity;
      entry.dayUnits += days * piece.quantity;
      rows.set(key, entry);
    }
    const ordered = [...rows.values()].sort((a, b) => Number(a.consigned) - Number(b.consigned) || compareCategories(a.category, b.category));
    for (const entry of ordered) entry.row.averageDays = averageOf(entry.dayUnits, entry.row.units as number);

    // The totals cover our own stock only; consigned pieces belong to their consignors.
    const own = ordered.filter((entry) => !entry.consigned);
    const sum = (key: string) => sumColumn(own.map((entry) => entry.row), key);
    const totals: ReportRow = { group: null, groupName: null, ...Object.fromEntries(AGING_BUCKETS.map((bucket) => [bucket.key, sum(bucket.key)])), units: sum('units'), cost: sum('cost'), retailValue: sum('retailValue') };
    totals.averageDays = averageOf(own.reduce((total, entry) => total + entry.dayUnits, 0), totals.units as number);

    return {
      id: 'stock-aging',
      title: { ja: '在庫の滞留日数', en: 'Stock aging' },
      notes: [
        note(`${ctx.today} 時点の在庫です。日数は商品登録日（入荷日）から数えます。`, `Stock held on ${ctx.today}. Days count from the date the item was registered (its arrival).`),
        note('原価は自社在庫の下代（税抜）、売価は税込です。受託品は別の行に示し、原価と合計には含めません。', 'Cost is the book cost of own stock, before tax; retail value includes tax. Consigned pieces are shown in rows of their own and are left out of the cost and the totals.'),
      ],
      columns: [
        column('group', '分類コード', 'Category code', 'text'),
        column('groupName', '分類', 'Category', 'text'),
        ...AGING_BUCKETS.map((bucket) => column(bucket.key, bucket.label.ja, bucket.label.en, 'number')),
        column('units', '在庫数', 'Units', 'number'),
        column('cost', '在庫原価', 'Cost', 'yen'),
        column('retailValue', '売価合計', 'Retail value', 'yen'),
        column('averageDays', '平均日数', 'Average days', 'decimal'),
      ],
      rows: ordered.map((entry) => entry.row),
      totals,
    };
  },
});

/** Average of whole days weighted by units, to one decimal, or null without units. */
function averageOf(dayUnits: number, units: number): number | null {
  return units > 0 ? Math.round((dayUnits / units) * 10) / 10 : null;
}

const slowMoversQuery = z.object({
  locationIds: idListParam,
  /** Defaults to the aging threshold of the analytics settings. */
  minDays: daysParam.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export const slowMoversReport = defineReport({
  id: 'slow-movers',
  summary: 'Own pieces in stock for at least minDays, oldest first',
  permission: 'reports.view',
  query: slowMoversQuery,
  async run(db, query, ctx): Promise<ReportTable> {
    const minDays = query.minDays ?? (await readAnalyticsSettings(db)).agingThresholdDays;

    // A piece has been in stock at least minDays when it arrived on or before today − minDays,
    // that is before the Japanese midnight that starts the next day.
    const createdBefore = japanMidnightUtc(shiftDate(ctx.today, -minDays + 1));
    const held = await heldStock(db, { locationIds: reportLocations(query.locationIds, ctx.scope), ownOnly: true, createdBefore, limit: query.limit });

    return {
      id: 'slow-movers',
      title: { ja: '滞留在庫', en: 'Slow movers' },
      notes: [
        note(`${ctx.today} 時点で入荷から ${minDays} 日以上たつ自社在庫を、古い順に最大 ${query.limit} 件示します。受託品は含みません。`, `Own stock held ${minDays} days or more on ${ctx.today}, oldest first, at most ${query.limit} rows. Consigned pieces are not included.`),
        note('売価は税込の単価、原価は 1 点あたりの下代（税抜）です。', 'Retail price is the unit price including tax; cost is the book cost per unit, before tax.'),
      ],
      columns: [
        column('itemId', '商品 ID', 'Item ID', 'number'),
        column('stockNumber', '在庫番号', 'Stock number', 'text'),
        column('name', '商品名', 'Name', 'text'),
        column('category', '分類', 'Category', 'text'),
        column('location', '拠点', 'Location', 'text'),
        column('quantity', '数量', 'Quantity', 'number'),
        column('days', '滞留日数', 'Days in stock', 'number'),
        column('retailPrice', '売価', 'Retail price', 'yen'),
        column('cost', '原価', 'Cost', 'yen'),
      ],
      rows: held.map((piece) => ({
        itemId: piece.itemId,
        stockNumber: piece.stockNumber,
        name: piece.name,
        category: categoryName(piece.category, ctx.locale),
        location: piece.locationName,
        quantity: piece.quantity,
        days: daysBetween(piece.createdAt, ctx.today),
        retailPrice: piece.unitRetailIncl,
        cost: piece.unitCost,
      })),
      totals: null,
    };
  },
});

export const inventoryValueReport = defineReport({
  id: 'inventory-value',
  summary: 'Own stock at book cost by location and category; consigned-in pieces apart',
  permission: 'reports.view',
  query: z.object({ locationIds: idListParam }),
  async run(db, query, ctx): Promise<ReportTable> {
    const groups = await inventoryValueGroups(db, reportLocations(query.locationIds, ctx.scope));

    // Own and consigned figures of one location and category share a row.
    const rows = new Map<string, ReportRow & { sortCode: string; sortCategory: string }>();
    for (const group of groups) {
      const key = `${group.locationId}:${group.category}`;
      const row = rows.get(key) ?? {
        sortCode: group.locationCode,
        sortCategory: group.category,
        locationId: group.locationId,
        locationName: group.locationName,
        category: categoryName(group.category, ctx.locale),
        units: 0,
        cost: 0,
        retailValue: 0,
        consignedUnits: 0,
        consignedRetailValue: 0,
      };
      if (group.consigned) {
        row.consignedUnits = (row.consignedUnits as number) + group.units;
        row.consignedRetailValue = (row.consignedRetailValue as number) + group.retailValue;
      } else {
        row.units = (row.units as number) + group.units;
        row.cost = (row.cost as number) + group.cost;
        row.retailValue = (row.retailValue as number) + group.retailValue;
      }
      rows.set(key, row);
    }
    const ordered = [...rows.values()]
      .sort((a, b) => a.sortCode.localeCompare(b.sortCode) || compareCategories(a.sortCategory, b.sortCategory))
      .map(({ sortCode: _code, sortCategory: _category, ...row }) => row as ReportRow);
    const sum = (key: string) => sumColumn(ordered, key);

    return {
      id: 'inventory-value',
      title: { ja: '在庫評価額', en: 'Inventory value' },
      notes: [
        note(`${ctx.today} 時点の在庫です。自社在庫を下代（税抜）で評価します。委託先や展示会に出ている自社の商品も含みます。`, `Stock held on ${ctx.today}. Own stock is valued at book cost, before tax, including our pieces at consignees and exhibitions.`),
        note('受託品は委託者のものなので、点数と売価（税込）だけを別の列に示し、在庫原価には含めません。', 'Consigned pieces belong to their consignors: only their units and retail value (tax included) are shown, in separate columns, never in the cost.'),
      ],
      columns: [
        column('locationId', '拠点 ID', 'Location ID', 'number'),
        column('locationName', '拠点', 'Location', 'text'),
        column('category', '分類', 'Category', 'text'),
        column('units', '自社在庫数', 'Own units', 'number'),
        column('cost', '在庫原価', 'Cost', 'yen'),
        column('retailValue', '売価合計', 'Retail value', 'yen'),
        column('consignedUnits', '受託品数', 'Consigned units', 'number'),
        column('consignedRetailValue', '受託品売価合計', 'Consigned retail value', 'yen'),
      ],
      rows: ordered,
      totals: { locationId: null, locationName: null, category: null, units: sum('units'), cost: sum('cost'), retailValue: sum('retailValue'), consignedUnits: sum('consignedUnits'), consignedRetailValue: sum('consignedRetailValue') },
    };
  },
});

export const consignmentPayablesReport = defineReport({
  id: 'consignment-payables',
  summary: 'What we owe each consignor: sold consigned pieces not yet on a statement, and statements issued but not paid',
  // The same permission as the settlement statements, which show these amounts.
  permission: 'consignment.settle',
  query: z.object({ locationIds: idListParam }),
  async run(db, query, ctx): Promise<ReportTable> {
    const balances = await payableBalances(db, reportLocations(query.locationIds, ctx.scope));
    const rows: ReportRow[] = balances.map((balance) => ({
      consignorId: balance.consignorId,
      consignorCode: balance.consignorCode,
      consignorName: balance.consignorName,
      unsettled: balance.unsettled,
      issuedUnpaid: balance.issuedUnpaid,
      total: balance.unsettled + balance.issuedUnpaid,
      oldestSale: balance.oldestSale,
    }));
    const sum = (key: string) => sumColumn(rows, key);

    return {
      id: 'consignment-payables',
      title: { ja: '受託品の未払金', en: 'Consignment payables' },
      notes: [
        note(`${ctx.today} 時点で委託者に支払う金額（税込）です。未精算は精算書にまだ載っていない販売分、精算書未払は発行済みで支払っていない精算書の分です。`, `Amounts owed to consignors on ${ctx.today}, tax included. Unsettled is sales not yet on a statement; issued unpaid is statements issued and not yet paid.`),
        note('拠点で絞り込むと、その拠点で受け入れた受託品の分だけを示します。最古販売日は未払の販売のうち最も古い日です。', 'Filtered by location, only pieces received at those locations count. Oldest sale is the earliest sale still unpaid.'),
      ],
      columns: [
        column('consignorId', '委託者 ID', 'Consignor ID', 'number'),
        column('consignorCode', '委託者コード', 'Consignor code', 'text'),
        column('consignorName', '委託者', 'Consignor', 'text'),
        column('unsettled', '未精算', 'Unsettled', 'yen'),
        column('issuedUnpaid', '精算書未払', 'Issued, unpaid', 'yen'),
        column('total', '未払合計', 'Total owed', 'yen'),
        column('oldestSale', '最古販売日', 'Oldest sale', 'date'),
      ],
      rows,
      totals: { consignorId: null, consignorCode: null, consignorName: null, unsettled: sum('unsettled'), issuedUnpaid: sum('issuedUnpaid'), total: sum('total'), oldestSale: null },
    };
  },
});

const outstandingQuery = z
  .object({ locationIds: idListParam, from: dateParam.optional(), to: dateParam.optional() })
  .superRefine((value, context) => {
    if (value.from && value.to && value.from > value.to) {
      context.addIssue({ code: 'custom', path: ['to'], ...bilingual('終了日は開始日と同じか後の日にしてください。', 'The end date must be the same as or after the start date.') });
    }
  });

export const consignmentOutOutstandingReport = defineReport({
  id: 'consignment-out-outstanding',
  summary: 'Our pieces out at each consignee, overdue pieces, and receivables reported in the period',
  permission: 'reports.view',
  query: outstandingQuery,
  async run(db, query, ctx): Promise<ReportTable> {
    // The period of reported receivables defaults to this month up to today.
    const period = { from: query.from ?? `${ctx.today.slice(0, 8)}01`, to: query.to ?? ctx.today };
    const outstanding = await consigneeOutstanding(db, reportLocations(query.locationIds, ctx.scope), period, ctx.today);
    const rows: ReportRow[] = outstanding.map((row) => ({
      consigneeId: row.consigneeId,
      consigneeCode: row.consigneeCode,
      consigneeName: row.consigneeName,
      pieces: row.pieces,
      retailValue: row.retailValue,
      cost: row.cost,
      overdue: row.overdue,
      oldestSentOn: row.oldestSentOn,
      reportedReceivable: row.reportedReceivable,
    }));
    const sum = (key: string) => sumColumn(rows, key);

    return {
      id: 'consignment-out-outstanding',
      title: { ja: '委託先の預け在庫', en: 'Pieces out at consignees' },
      notes: [
        note(`${ctx.today} 時点で委託先に預けている自社の商品です。売価は委託伝票の税込価格、原価は下代（税抜）です。期限超過は返却期限を過ぎた点数です。`, `Our pieces at consignees on ${ctx.today}. Retail value is the tax-included price on the consignment notes; cost is book cost, before tax. Overdue counts pieces past their return due date.`),
        note(
          `報告済み売掛は ${period.from}〜${period.to} に届いた販売報告で委託先から受け取る金額です。入金の記録はないため、入金済みかどうかは示しません。`,
          `Reported receivable is what consignees owe us for the sales they reported from ${period.from} to ${period.to}. Payments from consignees are not recorded, so it does not show whether they have paid.`,
        ),
      ],
      columns: [
        column('consigneeId', '委託先 ID', 'Consignee ID', 'number'),
        column('consigneeCode', '委託先コード', 'Consignee code', 'text'),
        column('consigneeName', '委託先', 'Consignee', 'text'),
        column('pieces', '預け点数', 'Pieces out', 'number'),
        column('retailValue', '売価合計', 'Retail value', 'yen'),
        column('cost', '原価', 'Cost', 'yen'),
        column('overdue', '期限超過', 'Overdue', 'number'),
        column('oldestSentOn', '最古送付日', 'Oldest sent on', 'date'),
        column('reportedReceivable', '報告済み売掛', 'Reported receivable', 'yen'),
      ],
      rows,
      totals: {
        consigneeId: null,
        consigneeCode: null,
        consigneeName: null,
        pieces: sum('pieces'),
        retailValue: sum('retailValue'),
        cost: sum('cost'),
        overdue: sum('overdue'),
        oldestSentOn: null,
        reportedReceivable: sum('reportedReceivable'),
      },
    };
  },
});
