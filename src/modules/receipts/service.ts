import type { Executor, Tx } from '../../db/database.js';
import type { LocationScope } from '../access/scope.js';
import type { CompanySettings } from '../company/schemas.js';
import { getCompanySettings } from '../company/service.js';
import type { SaleOutput } from '../sales/schemas.js';
import { getSale, recordReceiptPrint } from '../sales/service.js';
import type { ReceiptLocation } from './model.js';

/** What one print of a receipt needs: the sale, the issuer, the store and whether it is a copy. */
export interface ReceiptPrint {
  sale: SaleOutput;
  company: CompanySettings;
  location: ReceiptLocation;
  /** True when the receipt was printed before, so this print is marked as a copy. */
  copy: boolean;
  /** On a return: when the original sale was made (ISO UTC). Null on a sale. */
  originalSoldAt: string | null;
}

/** Reads the store's printed name and contact details. */
export async function getReceiptLocation(db: Executor, locationId: number): Promise<ReceiptLocation> {
  const row = await db
    .selectFrom('locations')
    .select(['name', 'postal_code', 'address', 'phone'])
    .where('id', '=', locationId)
    .executeTakeFirstOrThrow();
  return { name: row.name, postalCode: row.postal_code, address: row.address, phone: row.phone };
}

/**
 * Counts one print of a sale's receipt and loads what it prints. The sale must be visible
 * in `scope` (otherwise sale_not_found). The first print is the original and every later
 * one a copy. Call it in the transaction that also records the audit event.
 */
export async function recordPrint(trx: Tx, saleId: number, scope: LocationScope): Promise<ReceiptPrint> {
  const sale = await getSale(trx, saleId, scope);
  const printsBefore = await recordReceiptPrint(trx, saleId);
  const company = await getCompanySettings(trx);
  const location = await getReceiptLocation(trx, sale.locationId);
  // The original is read without the scope check: a return made at this store may reverse
  // a sale made at another, and its date is part of this return's invoice.
  const original =
    sale.kind === 'return' && sale.originalSaleId !== null
      ? await trx.selectFrom('sales').select('sold_at').where('id', '=', sale.originalSaleId).executeTakeFirst()
      : undefined;
  return { sale, company, location, copy: printsBefore > 0, originalSoldAt: original?.sold_at ?? null };
}
