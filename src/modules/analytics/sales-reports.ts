import { z } from 'zod';
import type { Executor } from '../../db/database.js';
import { canActAt } from '../access/scope.js';
import { forecastForMonth, GRAINS, monthRange, periodKey, weekStart } from './periods.js';
import { monthParam, periodQuery, type PeriodQuery } from './query.js';
import { defineReport, type ReportContext, type ReportDefinition } from './registry.js';
import { allowedLocations, groupNames, GROUP_BYS, sumDaily, sumStaffDaily, type DailySums, type GroupBy, type PeriodColumn, type StaffSums, type SummaryFilter } from './sales-queries.js';
import { readAnalyticsSettings } from './settings.js';
import { fromHundredths, ratio, type Label, type ReportColumn, type ReportRow, type ReportTable } from './table.js';
import { actualOf, monthActuals, salesOnBasis, targetBasisNote, monthsBetween, readTargets, TARGET_SCOPE_LABELS, TARGET_SCOPES, targetSubjectName, type TargetScope } from './targets.js';

// Sales totals, staff performance and target achievement. All three read the daily
// summaries only; see sales-queries.ts.

export const SALES_GRAINS = [...GRAINS, 'total'] as const;
export type SalesGrain = (typeof SALES_GRAINS)[number];

const col = (key: string, ja: string, en: string, type: ReportColumn['type']): ReportColumn => ({ key, label: { ja, en }, type });

function periodNote(query: Pick<PeriodQuery, 'from' | 'to'>): Label {
  return { ja: `期間: ${query.from} 〜 ${query.to}（日本時間の営業日）`, en: `Period: ${query.from} to ${query.to} (business days, Japan time)` };
}

const TAX_NOTE: Label = { ja: '売上は税込、値引・返品後の純額。税抜売上と消費税を並べて表示します。', en: 'Sales are tax-included and net of discounts and returns; tax-excluded sales and tax are shown beside them.' };
const RETURNS_NOTE: Label = { ja: '返品・返金は、行われた日の売上から差し引きます（元の販売月は変わりません）。', en: 'Returns and refunds are netted on the day they happened; the month of the original sale is unchanged.' };
const STAFF_NOTE: Label = {
  ja: '担当者別は記録された分担率で按分（点数・客数は小数）。値引と返品点数は担当者別には集計しません。',
  en: 'By staff member, figures are split by the recorded shares (units and tickets can be decimals). Discounts and returned units are not kept per staff member.',
};

// ---------------------------------------------------------------------------------------
// sales-totals

const salesTotalsQuery = periodQuery.extend({
  grain: z.enum(SALES_GRAINS).default('month'),
  groupBy: z.enum(GROUP_BYS).default('location'),
});
type SalesTotalsQuery = z.infer<typeof salesTotalsQuery>;

/** One row's figures before the derived columns; units and tickets may be decimals for staff. */
interface Figures {
  units: number;
  returnedUnits: number | null;
  salesIncl: number;
  salesExcl: number;
  tax: number;
  discount: number | null;
  cost: number;
  returns: number;
  tickets: number;
}

function figuresOfDaily(sums: DailySums): Figures {
  return { ...sums };
}

/** Staff figures kept in hundredths become decimals here, once, after summing. */
function figuresOfStaff(sums: StaffSums): Figures {
  return {
    units: fromHundredths(sums.unitsHundredths),
    returnedUnits: null,
    salesIncl: sums.salesIncl,
    salesExcl: sums.salesExcl,
    tax: sums.salesIncl - sums.salesExcl,
    discount: null,
    cost: sums.cost,
    returns: sums.returns,
    tickets: fromHundredths(sums.ticketsHundredths),
  };
}

function addFigures(a: Figures, b: Figures): Figures {
  const plus = (x: number | null, y: number | null) => (x === null || y === null ? null : x + y);
  return {
    units: round2(a.units + b.units),
    returnedUnits: plus(a.returnedUnits, b.returnedUnits),
    salesIncl: a.salesIncl + b.salesIncl,
    salesExcl: a.salesExcl + b.salesExcl,
    tax: a.tax + b.tax,
    discount: plus(a.discount, b.discount),
    cost: a.cost + b.cost,
    returns: a.returns + b.returns,
    tickets: round2(a.tickets + b.tickets),
  };
}

const round2 = (value: number) => Math.round(value * 100) / 100;

/** The figures as report cells: gross sales before returns, margin, and the average ticket. */
export function figureCells(figures: Figures): ReportRow {
  const grossMargin = figures.salesExcl - figures.cost;
  return {
    units: figures.units,
    returnedUnits: figures.returnedUnits,
    grossSales: figures.salesIncl + figures.returns,
    discount: figures.discount,
    returns: figures.returns,
    salesIncl: figures.salesIncl,
    salesExcl: figures.salesExcl,
    tax: figures.tax,
    cost: figures.cost,
    grossMargin,
    marginRate: ratio(grossMargin, figures.salesExcl),
    tickets: figures.tickets,
    averageTicket: figures.tickets > 0 ? Math.round(figures.salesIncl / figures.tickets) : null,
  };
}

function salesTotalsColumns(staff: boolean): ReportColumn[] {
  const count = staff ? 'decimal' : 'number';
  return [
    col('period', '期間', 'Period', 'text'),
    col('group', 'コード', 'Key', 'text'),
    col('groupName', '集計区分', 'Group', 'text'),
    col('units', '点数', 'Units', count),
    col('returnedUnits', '返品点数', 'Returned units', 'number'),
    col('grossSales', '総売上（返品前・税込）', 'Gross sales (before returns, tax incl.)', 'yen'),
    col('discount', '値引', 'Discounts', 'yen'),
    col('returns', '返品・返金', 'Returns and refunds', 'yen'),
    col('salesIncl', '純売上（税込）', 'Net sales (tax incl.)', 'yen'),
    col('salesExcl', '純売上（税抜）', 'Net sales (tax excl.)', 'yen'),
    col('tax', '消費税', 'Consumption tax', 'yen'),
    col('cost', '原価', 'Cost', 'yen'),
    col('grossMargin', '粗利', 'Gross margin', 'yen'),
    col('marginRate', '粗利率', 'Margin rate', 'percent'),
    col('tickets', '客数', 'Tickets', count),
    col('averageTicket', '客単価（税込）', 'Average ticket (tax incl.)', 'yen'),
  ];
}

/** Chooses what the database groups by for a grain: weeks fold days, fiscal years fold months. */
function readPeriod(grain: SalesGrain): PeriodColumn {
  if (grain === 'day' || grain === 'week') return 'day';
  if (grain === 'month' || grain === 'fiscal_year') return 'month';
  return 'none';
}

function foldPeriod(period: string, grain: SalesGrain, fiscalStartMonth: number): string {
  switch (grain) {
    case 'total':
      return 'total';
    case 'week':
      return weekStart(period);
    case 'fiscal_year':
      return periodKey(`${period}-01`, 'fiscal_year', fiscalStartMonth);
    default:
      return period;
  }
}

/** Builds the sales totals in period then group order; dates, months and FY2025 < FY2026 all sort as text. */
async function salesTotals(db: Executor, query: SalesTotalsQuery, ctx: ReportContext): Promise<ReportTable> {
  const settings = await readAnalyticsSettings(db);
  const filter: SummaryFilter = { from: query.from, to: query.to, locationIds: allowedLocations(ctx.scope, query.locationIds), channels: query.channels };
  const staff = query.groupBy === 'staff';
  const period = readPeriod(query.grain);

  const read: Array<{ period: string; group: string; figures: Figures }> = staff
    ? (await sumStaffDaily(db, filter, period)).map((row) => ({ period: row.period, group: row.group, figures: figuresOfStaff(row) }))
    : (await sumDaily(db, filter, period, query.groupBy as Exclude<GroupBy, 'staff'>)).map((row) => ({ period: row.period, group: row.group, figures: figuresOfDaily(row) }));

  const folded = new Map<string, { period: string; group: string; figures: Figures }>();
  for (const row of read) {
    const key = JSON.stringify([foldPeriod(row.period, query.grain, settings.fiscalYearStartMonth), row.group]);
    const existing = folded.get(key);
    if (existing) existing.figures = addFigures(existing.figures, row.figures);
    else folded.set(key, { ...row, period: foldPeriod(row.period, query.grain, settings.fiscalYearStartMonth) });
  }

  const names = await groupNames(db, query.groupBy, read.map((row) => row.group), ctx.locale);
  const ordered = [...folded.values()].sort((a, b) => {
    if (a.period !== b.period) return a.period < b.period ? -1 : 1;
    return names.compare(a.group, b.group);
  });
  const rows = ordered.map((row) => ({ period: row.period, group: names.code?.(row.group) ?? row.group, groupName: names.name(row.group), ...figureCells(row.figures) }));
  const total = ordered.reduce<Figures | null>((sum, row) => (sum === null ? row.figures : addFigures(sum, row.figures)), null);

  const notes = [periodNote(query), TAX_NOTE, RETURNS_NOTE];
  if (staff) notes.push(STAFF_NOTE);
  if (query.grain === 'fiscal_year') {
    notes.push({ ja: `会計年度は ${settings.fiscalYearStartMonth} 月始まり（開始年で表示）。`, en: `Fiscal years start in month ${settings.fiscalYearStartMonth} and are named by the year they start in.` });
  }
  if (query.grain === 'week') notes.push({ ja: '週は月曜始まり（月曜日の日付で表示）。', en: 'Weeks start on Monday and are shown by the Monday’s date.' });

  return {
    id: 'sales-totals',
    title: { ja: '売上集計', en: 'Sales totals' },
    notes,
    columns: salesTotalsColumns(staff),
    rows,
    totals: total === null ? null : { period: null, group: null, groupName: null, ...figureCells(total) },
  };
}

// ---------------------------------------------------------------------------------------
// staff-performance

async function staffPerformance(db: Executor, query: PeriodQuery, ctx: ReportContext): Promise<ReportTable> {
  const settings = await readAnalyticsSettings(db);
  const filter: SummaryFilter = { from: query.from, to: query.to, locationIds: allowedLocations(ctx.scope, query.locationIds), channels: query.channels };
  const sums = new Map((await sumStaffDaily(db, filter, 'none')).map((row) => [row.group, row]));

  // Targets of every month the period touches, summed per member.
  const targets = new Map<string, number>();
  for (const target of await readTargets(db, monthsBetween(query.from, query.to), 'staff')) targets.set(target.scopeRef, (targets.get(target.scopeRef) ?? 0) + target.amount);

  const userIds = [...new Set([...sums.keys(), ...targets.keys()])];
  const names = await groupNames(db, 'staff', userIds, ctx.locale);
  const empty: StaffSums = { unitsHundredths: 0, salesIncl: 0, salesExcl: 0, cost: 0, returns: 0, ticketsHundredths: 0 };

  let total: Figures | null = null;
  let totalTarget: number | null = null;
  let totalActualWithTarget = 0;
  const rows = userIds.sort(names.compare).map((userId) => {
    const figures = figuresOfStaff(sums.get(userId) ?? empty);
    const cells = figureCells(figures);
    const target = targets.get(userId) ?? null;
    total = total === null ? figures : addFigures(total, figures);
    if (target !== null) {
      totalTarget = (totalTarget ?? 0) + target;
      totalActualWithTarget += salesOnBasis(settings.targetTaxBasis, figures);
    }
    return {
      userId: Number(userId),
      staffName: names.name(userId),
      salesIncl: cells.salesIncl!,
      salesExcl: cells.salesExcl!,
      units: cells.units!,
      tickets: cells.tickets!,
      averageTicket: cells.averageTicket!,
      returns: cells.returns!,
      grossMargin: cells.grossMargin!,
      marginRate: cells.marginRate!,
      target,
      achievement: target === null ? null : ratio(salesOnBasis(settings.targetTaxBasis, figures), target),
    };
  });

  const totalCells = total === null ? null : figureCells(total);
  return {
    id: 'staff-performance',
    title: { ja: '担当者別販売実績', en: 'Staff performance' },
    notes: [
      periodNote(query),
      TAX_NOTE,
      RETURNS_NOTE,
      STAFF_NOTE,
      targetBasisNote(settings.targetTaxBasis),
      { ja: '目標は期間にかかる月の目標の合計です。', en: 'The target is the sum of the targets of the months the period touches.' },
    ],
    columns: [
      col('userId', 'ユーザー ID', 'User id', 'number'),
      col('staffName', '担当者', 'Staff member', 'text'),
      col('salesIncl', '売上（税込）', 'Sales (tax incl.)', 'yen'),
      col('salesExcl', '売上（税抜）', 'Sales (tax excl.)', 'yen'),
      col('units', '点数', 'Units', 'decimal'),
      col('tickets', '客数', 'Tickets', 'decimal'),
      col('averageTicket', '客単価（税込）', 'Average ticket (tax incl.)', 'yen'),
      col('returns', '返品・返金', 'Returns and refunds', 'yen'),
      col('grossMargin', '粗利', 'Gross margin', 'yen'),
      col('marginRate', '粗利率', 'Margin rate', 'percent'),
      col('target', '目標', 'Target', 'yen'),
      col('achievement', '達成率', 'Achievement', 'percent'),
    ],
    rows,
    totals:
      totalCells === null
        ? null
        : {
            userId: null,
            staffName: null,
            salesIncl: totalCells.salesIncl!,
            salesExcl: totalCells.salesExcl!,
            units: totalCells.units!,
            tickets: totalCells.tickets!,
            averageTicket: totalCells.averageTicket!,
            returns: totalCells.returns!,
            grossMargin: totalCells.grossMargin!,
            marginRate: totalCells.marginRate!,
            target: totalTarget,
            achievement: totalTarget === null ? null : ratio(totalActualWithTarget, totalTarget),
          },
  };
}

// ---------------------------------------------------------------------------------------
// target-achievement

const targetAchievementQuery = z.object({ month: monthParam, scope: z.enum(TARGET_SCOPES).optional() });

/** Names of the locations and users that targets refer to. */
export async function subjectNames(db: Executor): Promise<{ locations: Map<string, string>; users: Map<string, string> }> {
  const locations = await db.selectFrom('locations').select(['id', 'name']).execute();
  const users = await db.selectFrom('users').select(['id', 'display_name']).execute();
  return { locations: new Map(locations.map((row) => [String(row.id), row.name])), users: new Map(users.map((row) => [String(row.id), row.display_name])) };
}

/**
 * The targets of a month against the month's sales so far and the forecast at the current
 * pace. A user limited to some locations sees the targets of those locations and of staff
 * members (counting sales at those locations only), not the company's or the channels'.
 */
async function targetAchievement(db: Executor, query: z.infer<typeof targetAchievementQuery>, ctx: ReportContext): Promise<ReportTable> {
  const settings = await readAnalyticsSettings(db);
  const actuals = await monthActuals(db, query.month, settings.targetTaxBasis, allowedLocations(ctx.scope, undefined));
  const names = await subjectNames(db);
  const locationOrder = new Map((await db.selectFrom('locations').select(['id', 'code']).execute()).map((row) => [String(row.id), row.code]));
  const order = (scope: TargetScope, ref: string) =>
    `${TARGET_SCOPES.indexOf(scope)}:${scope === 'location' ? (locationOrder.get(ref) ?? ref) : scope === 'staff' ? (names.users.get(ref) ?? ref) : scope === 'channel' ? ref : ''}`;

  const visible = (await readTargets(db, [query.month], query.scope)).filter((target) => {
    if (ctx.scope.all) return true;
    if (target.scope === 'location') return canActAt(ctx.scope, Number(target.scopeRef));
    return target.scope === 'staff';
  });
  visible.sort((a, b) => (order(a.scope, a.scopeRef) < order(b.scope, b.scopeRef) ? -1 : 1));

  const rows = visible.map((target) => {
    const actual = actualOf(actuals, target.scope, target.scopeRef);
    const forecast = forecastForMonth(query.month, actual, ctx.today);
    return {
      scope: target.scope,
      scopeName: TARGET_SCOPE_LABELS[target.scope][ctx.locale],
      scopeRef: target.scopeRef,
      name: targetSubjectName(target.scope, target.scopeRef, ctx.locale, names),
      target: target.amount,
      actual,
      achievement: ratio(actual, target.amount),
      forecast,
      forecastAchievement: forecast === null ? null : ratio(forecast, target.amount),
    };
  });

  const { from, to } = monthRange(query.month);
  return {
    id: 'target-achievement',
    title: { ja: '目標達成状況', en: 'Target achievement' },
    notes: [
      { ja: `${query.month}（${from} 〜 ${to}）、${ctx.today} 時点`, en: `${query.month} (${from} to ${to}), as of ${ctx.today}` },
      targetBasisNote(settings.targetTaxBasis),
      { ja: '見込みは、今日までの 1 日あたりの売上 × 月の日数です。', en: 'The forecast is the sales per day so far times the days of the month.' },
      RETURNS_NOTE,
    ],
    columns: [
      col('scope', '区分コード', 'Scope key', 'text'),
      col('scopeName', '区分', 'Scope', 'text'),
      col('scopeRef', '対象 ID', 'Subject id', 'text'),
      col('name', '対象', 'Subject', 'text'),
      col('target', '目標', 'Target', 'yen'),
      col('actual', '実績', 'Actual', 'yen'),
      col('achievement', '達成率', 'Achievement', 'percent'),
      col('forecast', '月末見込み', 'Month-end forecast', 'yen'),
      col('forecastAchievement', '見込み達成率', 'Forecast achievement', 'percent'),
    ],
    rows,
    totals: null,
  };
}

export const SALES_REPORTS: ReportDefinition[] = [
  defineReport({
    id: 'sales-totals',
    summary: 'Sales totals by day, week, month or fiscal year and by location, channel, category, metal, brand, supplier or staff member',
    permission: 'reports.view',
    query: salesTotalsQuery,
    run: salesTotals,
  }),
  defineReport({
    id: 'staff-performance',
    summary: 'Sales, units, margin, average ticket and returns per staff member against their targets',
    permission: 'reports.view',
    query: periodQuery,
    run: staffPerformance,
  }),
  defineReport({
    id: 'target-achievement',
    summary: "A month's sales targets against actual sales and the forecast at the current pace",
    permission: 'reports.view',
    query: targetAchievementQuery,
    run: targetAchievement,
  }),
];

