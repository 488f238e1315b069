import { z } from 'zod';
import type { Executor, Tx } from '../../db/database.js';
import { nowIso } from '../../db/database.js';

// Analytics settings, one row for the company (created by migration 0021).

export const analyticsSettingsInput = z.object({
  /** Month the fiscal year starts in, 1–12 (4 = April, the usual Japanese fiscal year). */
  fiscalYearStartMonth: z.number().int().min(1).max(12),
  /** Days in stock after which a piece counts as aging on the dashboard. */
  agingThresholdDays: z.number().int().min(1).max(3650),
  /** Whether targets are compared with tax-included or tax-excluded sales. */
  targetTaxBasis: z.enum(['included', 'excluded']),
});
export type AnalyticsSettings = z.infer<typeof analyticsSettingsInput>;
export const analyticsSettingsOutput = analyticsSettingsInput;

export async function readAnalyticsSettings(db: Executor): Promise<AnalyticsSettings> {
  const row = await db.selectFrom('analytics_settings').selectAll().where('id', '=', 1).executeTakeFirst();
  if (!row) return { fiscalYearStartMonth: 4, agingThresholdDays: 180, targetTaxBasis: 'included' };
  return { fiscalYearStartMonth: row.fiscal_year_start_month, agingThresholdDays: row.aging_threshold_days, targetTaxBasis: row.target_tax_basis };
}

export async function saveAnalyticsSettings(trx: Tx, input: AnalyticsSettings, userId: number | null): Promise<AnalyticsSettings> {
  const values = {
    fiscal_year_start_month: input.fiscalYearStartMonth,
    aging_threshold_days: input.agingThresholdDays,
    target_tax_basis: input.targetTaxBasis,
    updated_by: userId,
    updated_at: nowIso(),
  };
  await trx
    .insertInto('analytics_settings')
    .values({ id: 1, ...values })
    .onConflict((conflict) => conflict.column('id').doUpdateSet(values))
    .execute();
  return readAnalyticsSettings(trx);
}
