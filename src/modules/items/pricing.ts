import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { Item } from '../../db/schema.js';
import { getCompanySettings } from '../company/service.js';
import { unitPriceOnBasis } from '../tax/engine.js';
import type { TaxRounding } from '../tax/rounding.js';
import { TAX_RATES_PERCENT } from './attributes.js';

// The tax-included retail price of an item, for screens, search filters and lists. A
// tax-excluded price (税抜) is converted per unit by the tax engine, as a price tag shows it.

/** Reads the company's rounding mode for consumption tax (端数処理). */
export async function companyTaxRounding(db: Executor): Promise<TaxRounding> {
  return (await getCompanySettings(db)).taxRounding;
}

/**
 * Returns the retail price per unit in yen with consumption tax at the item's rate. A
 * tax-excluded price becomes price × (100 + rate) / 100, rounded by `rounding`, which is
 * the unit price that a tax-included receipt shows for it.
 */
export function retailPriceIncludingTax(
  item: Pick<Item, 'retail_price' | 'price_basis' | 'tax_rate_percent'>,
  rounding: TaxRounding,
): number {
  return unitPriceOnBasis(item.retail_price, item.tax_rate_percent, item.price_basis, 'included', rounding);
}

/**
 * Builds the conversion of retailPriceIncludingTax as a SQL expression over the items row.
 * Every operand is a non-negative integer, so integer division rounds down on SQLite and
 * PostgreSQL alike. Adding divisor − 1 (up) or half the divisor (half up) first gives the
 * other modes.
 */
export function retailPriceIncludingTaxSql(rounding: TaxRounding): RawBuilder<number> {
  const scaled = sql`items.retail_price * (100 + items.tax_rate_percent)`;
  let converted: RawBuilder<number>;
  if (rounding === 'down') converted = sql<number>`(${scaled}) / 100`;
  else if (rounding === 'up') converted = sql<number>`((${scaled}) + 99) / 100`;
  else converted = sql<number>`((${scaled}) * 2 + 100) / 200`;
  return sql<number>`(case when items.price_basis = 'excluded' then ${converted} else items.retail_price end)`;
}

const MAX_TAX_RATE_PERCENT = Math.max(...TAX_RATES_PERCENT);

/**
 * Returns the smallest stored retail price that can have a tax-included price of at least
 * `minimum` yen, whatever the basis, rate and rounding. A tax-excluded price p converts to
 * less than p × (100 + r) / 100 + 1, so p must exceed (minimum − 1) × 100 / (100 + r).
 * Search uses this bound for a range condition on the retail price index.
 */
export function lowestStoredPriceFor(minimum: number): number {
  return Math.max(0, Math.floor(((minimum - 1) * 100) / (100 + MAX_TAX_RATE_PERCENT)));
}

/** Builds the conditions that an item's tax-included retail price is within the given bounds. */
export function retailPriceIncludingTaxBetween(
  rounding: TaxRounding,
  minimum: number | undefined,
  maximum: number | undefined,
): Expression<SqlBool>[] {
  const included = retailPriceIncludingTaxSql(rounding);
  const conditions: Expression<SqlBool>[] = [];
  if (minimum !== undefined) conditions.push(sql<SqlBool>`${included} >= ${minimum}`);
  if (maximum !== undefined) conditions.push(sql<SqlBool>`${included} <= ${maximum}`);
  return conditions;
}
