import type { Executor, Tx } from '../../db/database.js';
import { nowIso } from '../../db/database.js';
import type { CompanySettingsTable } from '../../db/schema.js';
import type { Selectable } from 'kysely';
import type { CompanySettings, CompanySettingsInput } from './schemas.js';

function toOutput(row: Selectable<CompanySettingsTable>): CompanySettings {
  return {
    name: row.name,
    postalCode: row.postal_code,
    address: row.address,
    phone: row.phone,
    invoiceRegistrationNumber: row.invoice_registration_number,
    taxRounding: row.tax_rounding,
    defaultTaxRatePercent: row.default_tax_rate_percent,
    stockNumberPattern: row.stock_number_pattern,
    scopedStaffSeeOtherLocations: row.scoped_staff_see_other_locations === 1,
    costCipher: row.cost_cipher,
  };
}

/** Reads the company settings; the row always exists because the first migration seeds it. */
export async function getCompanySettings(db: Executor): Promise<CompanySettings> {
  const row = await db.selectFrom('company_settings').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
  return toOutput(row);
}

export async function updateCompanySettings(trx: Tx, input: CompanySettingsInput): Promise<CompanySettings> {
  const row = await trx
    .updateTable('company_settings')
    .set({
      name: input.name,
      postal_code: input.postalCode ?? null,
      address: input.address ?? null,
      phone: input.phone ?? null,
      invoice_registration_number: input.invoiceRegistrationNumber ?? null,
      tax_rounding: input.taxRounding,
      default_tax_rate_percent: input.defaultTaxRatePercent,
      stock_number_pattern: input.stockNumberPattern,
      ...(input.scopedStaffSeeOtherLocations === undefined
        ? {}
        : { scoped_staff_see_other_locations: input.scopedStaffSeeOtherLocations ? 1 : 0 }),
      ...(input.costCipher === undefined ? {} : { cost_cipher: input.costCipher }),
      updated_at: nowIso(),
    })
    .where('id', '=', 1)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toOutput(row);
}
