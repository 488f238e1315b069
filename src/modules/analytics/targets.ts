import { sql } from 'kysely';
import type { Executor, Tx } from '../../db/database.js';
import { nowIso } from '../../db/database.js';
import type { SalesChannel } from '../../db/schema.js';
import type { DomainError, Locale } from '../../shared/errors.js';
import type { LocationScope } from '../access/scope.js';
import { accessErrors, canActAt } from '../access/scope.js';
import { rolePermissions } from '../auth/service.js';
import { analyticsErrors } from './errors.js';
import { forecastForMonth, monthRange } from './periods.js';
import { CHANNEL_LABELS, SALES_CHANNELS } from './query.js';
import { allowedLocations } from './sales-queries.js';
import { readAnalyticsSettings, type AnalyticsSettings } from './settings.js';
import { ratio, type Label } from './table.js';

// Monthly sales targets (売上目標) for the company, a location, a channel or a staff member,
// and the month's actual sales against them. Actuals come from the daily summaries, on the
// tax basis chosen in the analytics settings.

export const TARGET_SCOPES = ['company', 'location', 'channel', 'staff'] as const;
export type TargetScope = (typeof TARGET_SCOPES)[number];

export const TARGET_SCOPE_LABELS: Record<TargetScope, Label> = {
  company: { ja: '全社', en: 'Company' },
  location: { ja: '拠点', en: 'Location' },
  channel: { ja: 'チャネル', en: 'Channel' },
  staff: { ja: '担当者', en: 'Staff member' },
};

/** Location kinds that sell and so can have a target; transit locations cannot. */
export const TARGET_LOCATION_KINDS = ['store', 'exhibition', 'partner', 'warehouse'] as const;

export interface TargetInput {
  scope: TargetScope;
  /** '' for the company, the location or user id as text, or the channel name. */
  scopeRef: string;
  /** Yen; null removes the target. */
  amount: number | null;
}

export interface StoredTarget extends TargetInput {
  month: string;
  amount: number;
}

export interface TargetGridRow {
  scope: TargetScope;
  scopeRef: string;
  name: string;
  amount: number | null;
  actual: number;
  achievement: number | null;
  forecast: number | null;
}

export interface TargetGrid {
  month: string;
  taxBasis: AnalyticsSettings['targetTaxBasis'];
  rows: TargetGridRow[];
}

/** Sales of a figure on the target tax basis. */
export function salesOnBasis(basis: AnalyticsSettings['targetTaxBasis'], figures: { salesIncl: number; salesExcl: number }): number {
  return basis === 'included' ? figures.salesIncl : figures.salesExcl;
}

/** The note telling which sales targets are compared with. */
export function targetBasisNote(basis: AnalyticsSettings['targetTaxBasis']): Label {
  return basis === 'included'
    ? { ja: '目標・達成率・累計は税込売上で比べます。', en: 'Targets, achievement and cumulative figures compare tax-included sales.' }
    : { ja: '目標・達成率・累計は税抜売上で比べます。', en: 'Targets, achievement and cumulative figures compare tax-excluded sales.' };
}

export function targetKey(scope: string, scopeRef: string): string {
  return `${scope}:${scopeRef}`;
}

/** Targets of the given months, optionally of one scope. */
export async function readTargets(db: Executor, months: readonly string[], scope?: TargetScope): Promise<StoredTarget[]> {
  if (months.length === 0) return [];
  let query = db.selectFrom('sales_targets').select(['month', 'scope', 'scope_ref', 'amount']).where('month', 'in', [...months]);
  if (scope) query = query.where('scope', '=', scope);
  const rows = await query.orderBy('month').orderBy('scope').orderBy('scope_ref').execute();
  return rows.map((row) => ({ month: row.month, scope: row.scope as TargetScope, scopeRef: row.scope_ref, amount: Number(row.amount) }));
}

/** Every month YYYY-MM from the month of `from` to the month of `to`. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let [year, month] = from.slice(0, 7).split('-').map(Number) as [number, number];
  const last = to.slice(0, 7);
  for (;;) {
    const key = `${year}-${String(month).padStart(2, '0')}`;
    if (key > last) return months;
    months.push(key);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
}

/** A month's sales per scope on one tax basis, in yen. */
export interface MonthActuals {
  company: number;
  location: Map<string, number>;
  channel: Map<string, number>;
  staff: Map<string, number>;
}

/**
 * Sales of the month so far on the target tax basis: one read of sales_daily grouped by
 * location and channel (the company, location and channel figures) and one of
 * sales_daily_staff grouped by staff member.
 */
export async function monthActuals(db: Executor, month: string, basis: AnalyticsSettings['targetTaxBasis'], locationIds: readonly number[] | undefined): Promise<MonthActuals> {
  const { from, to } = monthRange(month);
  const column = basis === 'included' ? sql.ref('sales_incl') : sql.ref('sales_excl');

  let daily = db
    .selectFrom('sales_daily')
    .select(['location_id', 'channel', sql<number>`sum(${column})`.as('amount')])
    .where('dimension', '=', '')
    .where('business_date', '>=', from)
    .where('business_date', '<=', to);
  if (locationIds) daily = daily.where('location_id', 'in', [...locationIds]);
  let staff = db
    .selectFrom('sales_daily_staff')
    .select(['user_id', sql<number>`sum(${column})`.as('amount')])
    .where('business_date', '>=', from)
    .where('business_date', '<=', to);
  if (locationIds) staff = staff.where('location_id', 'in', [...locationIds]);

  const actuals: MonthActuals = { company: 0, location: new Map(), channel: new Map(), staff: new Map() };
  const add = (map: Map<string, number>, key: string, amount: number) => map.set(key, (map.get(key) ?? 0) + amount);
  for (const row of await daily.groupBy(['location_id', 'channel']).execute()) {
    const amount = Number(row.amount ?? 0);
    actuals.company += amount;
    add(actuals.location, String(row.location_id), amount);
    add(actuals.channel, row.channel, amount);
  }
  for (const row of await staff.groupBy('user_id').execute()) add(actuals.staff, String(row.user_id), Number(row.amount ?? 0));
  return actuals;
}

export function actualOf(actuals: MonthActuals, scope: TargetScope, scopeRef: string): number {
  if (scope === 'company') return actuals.company;
  return actuals[scope].get(scopeRef) ?? 0;
}

export interface TargetLocation {
  id: number;
  code: string;
  name: string;
  kind: string;
  isActive: boolean;
}

export interface TargetUser {
  id: number;
  email: string;
  displayName: string;
  isActive: boolean;
  canSell: boolean;
}

/** Locations of the kinds that can have targets. */
export async function targetLocations(db: Executor): Promise<TargetLocation[]> {
  const rows = await db.selectFrom('locations').select(['id', 'code', 'name', 'kind', 'is_active']).where('kind', 'in', [...TARGET_LOCATION_KINDS]).orderBy('code').execute();
  return rows.map((row) => ({ id: Number(row.id), code: row.code, name: row.name, kind: row.kind, isActive: row.is_active === 1 }));
}

/** Users and whether each may sell (owners, and roles holding sales.sell). */
export async function targetUsers(db: Executor): Promise<TargetUser[]> {
  const rows = await db
    .selectFrom('users')
    .innerJoin('roles', 'roles.code', 'users.role_code')
    .select(['users.id', 'users.email', 'users.display_name', 'users.is_active', 'users.is_owner', 'users.role_code', 'roles.permissions'])
    .orderBy('users.display_name')
    .orderBy('users.id')
    .execute();
  return rows.map((row) => ({
    id: Number(row.id),
    email: row.email,
    displayName: row.display_name,
    isActive: row.is_active === 1,
    canSell: row.is_owner === 1 || rolePermissions(row.role_code, row.permissions).includes('sales.sell'),
  }));
}

export interface TargetGridOptions {
  locale: Locale;
  scope: LocationScope;
  today: string;
}

/**
 * The target grid of a month: the company; every active store, and the other active
 * locations that can sell once they have sales or a target that month; every channel; every
 * active user who may sell. Locations, users and channels that are inactive still appear while
 * they hold a target or sales that month, so no figure is hidden. A user limited to some
 * locations sees only those locations, and the other rows count only their sales.
 */
export async function targetGrid(db: Executor, month: string, options: TargetGridOptions): Promise<TargetGrid> {
  const settings = await readAnalyticsSettings(db);
  const locationFilter = allowedLocations(options.scope, undefined);
  const actuals = await monthActuals(db, month, settings.targetTaxBasis, locationFilter);
  const targets = new Map((await readTargets(db, [month])).map((target) => [targetKey(target.scope, target.scopeRef), target.amount]));
  const hasTarget = (scope: TargetScope, ref: string) => targets.has(targetKey(scope, ref));

  const rowOf = (scope: TargetScope, scopeRef: string, name: string): TargetGridRow => {
    const amount = targets.get(targetKey(scope, scopeRef)) ?? null;
    const actual = actualOf(actuals, scope, scopeRef);
    return { scope, scopeRef, name, amount, actual, achievement: amount === null ? null : ratio(actual, amount), forecast: forecastForMonth(month, actual, options.today) };
  };

  const rows: TargetGridRow[] = [rowOf('company', '', TARGET_SCOPE_LABELS.company[options.locale])];
  for (const location of await targetLocations(db)) {
    const ref = String(location.id);
    if (!canActAt(options.scope, location.id)) continue;
    const listed = (location.isActive && location.kind === 'store') || actuals.location.has(ref) || hasTarget('location', ref);
    if (listed) rows.push(rowOf('location', ref, location.name));
  }
  for (const channel of SALES_CHANNELS) rows.push(rowOf('channel', channel, CHANNEL_LABELS[channel][options.locale]));
  for (const user of await targetUsers(db)) {
    const ref = String(user.id);
    if ((user.isActive && user.canSell) || actuals.staff.has(ref) || hasTarget('staff', ref)) rows.push(rowOf('staff', ref, user.displayName));
  }
  return { month, taxBasis: settings.targetTaxBasis, rows };
}

/** What a save changed, for the audit trail. */
export interface TargetChange {
  scope: TargetScope;
  scopeRef: string;
  before: number | null;
  after: number | null;
}

/** A target input with where it came from, for messages: its row and how the row named its subject. */
export interface TargetRefCheck extends TargetInput {
  month: string;
  /** 1-based row number in the request or file. */
  row: number;
  /** The subject as the user wrote it (a location code or e-mail address in a file, an id in a request). */
  written: string;
  /** Path of the input in a request ("targets.3.scopeRef"), given as the error's field. */
  field?: string;
}

/** A problem with one checked input: its position in the list and the error. */
export interface TargetRefIssue {
  index: number;
  error: DomainError;
}

/**
 * Finds the inputs that name no location, channel or staff member that can have a target,
 * that repeat an earlier input of the same month, or that set a target at a location outside
 * the user's locations. Removing a target (amount null) of an inactive location or user is
 * allowed, so old targets can be cleared.
 */
export async function targetRefIssues(db: Executor, inputs: readonly TargetRefCheck[], scope: LocationScope): Promise<TargetRefIssue[]> {
  const locations = new Map((await targetLocations(db)).map((location) => [String(location.id), location]));
  const users = new Map((await targetUsers(db)).map((user) => [String(user.id), user]));
  const seen = new Map<string, number>();
  const issues: TargetRefIssue[] = [];

  inputs.forEach((input, index) => {
    const { row, written } = input;
    const details = input.field === undefined ? undefined : { field: input.field };
    const fail = (error: DomainError) => issues.push({ index, error });
    const key = `${input.month}:${targetKey(input.scope, input.scopeRef)}`;
    const first = seen.get(key);
    if (first !== undefined) return fail(analyticsErrors.target_duplicate({ row, first }, details));
    seen.set(key, row);

    switch (input.scope) {
      case 'company':
        if (input.scopeRef !== '') fail(analyticsErrors.target_company_ref({ row }, details));
        return;
      case 'location': {
        const location = locations.get(input.scopeRef);
        if (!location || (!location.isActive && input.amount !== null)) return fail(analyticsErrors.target_location_unknown({ row, value: written }, details));
        if (!canActAt(scope, location.id)) fail(accessErrors.location_out_of_scope({ location: location.name }, details));
        return;
      }
      case 'channel':
        if (!(SALES_CHANNELS as readonly string[]).includes(input.scopeRef)) fail(analyticsErrors.target_channel_unknown({ row, value: written, channels: SALES_CHANNELS.join(', ') }, details));
        return;
      case 'staff': {
        const user = users.get(input.scopeRef);
        if (!user || (!(user.isActive && user.canSell) && input.amount !== null)) fail(analyticsErrors.target_staff_unknown({ row, value: written }, details));
        return;
      }
    }
  });
  return issues;
}

/** Writes a month's targets (null deletes one) and returns what changed. Check them with targetRefIssues first. */
export async function saveTargets(trx: Tx, month: string, inputs: readonly TargetInput[], userId: number | null): Promise<TargetChange[]> {
  const existing = new Map((await readTargets(trx, [month])).map((target) => [targetKey(target.scope, target.scopeRef), target.amount]));
  const changes: TargetChange[] = [];

  for (const input of inputs) {
    const before = existing.get(targetKey(input.scope, input.scopeRef)) ?? null;
    if (before === input.amount) continue;
    changes.push({ scope: input.scope, scopeRef: input.scopeRef, before, after: input.amount });

    if (input.amount === null) {
      await trx.deleteFrom('sales_targets').where('month', '=', month).where('scope', '=', input.scope).where('scope_ref', '=', input.scopeRef).execute();
      continue;
    }
    const values = { amount: input.amount, updated_by: userId, updated_at: nowIso() };
    await trx
      .insertInto('sales_targets')
      .values({ month, scope: input.scope, scope_ref: input.scopeRef, ...values })
      .onConflict((conflict) => conflict.columns(['month', 'scope', 'scope_ref']).doUpdateSet(values))
      .execute();
  }
  return changes;
}

/** Name of a target's subject in the user's language, for reports. */
export function targetSubjectName(scope: TargetScope, scopeRef: string, locale: Locale, names: { locations: Map<string, string>; users: Map<string, string> }): string {
  switch (scope) {
    case 'company':
      return TARGET_SCOPE_LABELS.company[locale];
    case 'location':
      return names.locations.get(scopeRef) ?? scopeRef;
    case 'channel':
      return CHANNEL_LABELS[scopeRef as SalesChannel]?.[locale] ?? scopeRef;
    case 'staff':
      return names.users.get(scopeRef) ?? scopeRef;
  }
}
