import type { Selectable } from 'kysely';
import type { Executor, Tx } from '../../db/database.js';
import type { PaymentMethod, SaleLinesTable, SalesTable } from '../../db/schema.js';
import { unitPriceOnBasis } from '../tax/engine.js';
import { syncSoldLinePayable } from './payable-ledger.js';
import type { SoldLine } from './payables.js';

// Counter sales of consigned pieces and what they owe the consignor. completeSale,
// returnSale, voidSale and refundSaleLine call syncSalePayables with the document they wrote, in their
// own transaction, so the payable changes exactly when the sale does.

/** Payment methods that charge the shop a fee, which the consignor may bear. */
const FEE_METHODS: readonly PaymentMethod[] = ['card', 'electronic_money', 'qr'];

type SaleRow = Selectable<SalesTable>;
type SaleLineRow = Selectable<SaleLinesTable>;

/** Returns the sold line key of a counter sale line, which every payable entry of that line carries. */
export function saleLineKey(lineId: number): string {
  return `sale_line:${lineId}`;
}

/** Converts an amount on the sale's basis to tax-included yen (sales made at the counter are already tax-included). */
function included(sale: SaleRow, amount: number, ratePercent: number): number {
  return unitPriceOnBasis(amount, ratePercent, sale.price_basis, 'included', sale.tax_rounding);
}

/** Yen of the sale paid by fee-charging methods, and the sale's total. */
async function feeShareOf(db: Executor, sale: SaleRow): Promise<{ feePaid: number; total: number }> {
  const row = await db
    .selectFrom('sale_payments')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount'), eb.lit(0)).as('amount'))
    .where('sale_id', '=', sale.id)
    .where('method', 'in', [...FEE_METHODS])
    .executeTakeFirstOrThrow();
  return { feePaid: Number(row.amount), total: Number(sale.total) };
}

/**
 * What remains sold of an original sale line after its completed returns, as the payable
 * rules take it; null when every unit came back.
 */
async function remainingSoldLine(db: Executor, sale: SaleRow, line: SaleLineRow, fee: { feePaid: number; total: number }): Promise<SoldLine | null> {
  const returned = await db
    .selectFrom('sale_lines')
    .innerJoin('sales', 'sales.id', 'sale_lines.sale_id')
    .select((eb) => [
      eb.fn.coalesce(eb.fn.sum<number>('sale_lines.quantity'), eb.lit(0)).as('quantity'),
      eb.fn.coalesce(eb.fn.sum<number>('sale_lines.line_discount'), eb.lit(0)).as('line_discount'),
      eb.fn.coalesce(eb.fn.sum<number>('sale_lines.allocated_reduction'), eb.lit(0)).as('allocated_reduction'),
    ])
    .where('sale_lines.original_line_id', '=', line.id)
    .where('sales.kind', '=', 'return')
    .where('sales.status', '=', 'completed')
    .executeTakeFirstOrThrow();

  const quantity = line.quantity - Number(returned.quantity);
  if (quantity <= 0) return null;

  // NOTE: a return that took back part of a partly refunded line with more units counts the
  // refund it absorbed as an allocated reduction, so the discount and refund figures shift by
  // that much while the sold amount stays exact.
  const refunded = await db
    .selectFrom('sale_refunds')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount'), eb.lit(0)).as('amount'))
    .where('sale_line_id', '=', line.id)
    .executeTakeFirstOrThrow();

  const listAmount = unitPriceOnBasis(line.unit_price, line.tax_rate_percent, line.price_basis, 'included', sale.tax_rounding) * quantity;
  const discountLeft = line.line_discount + line.allocated_reduction - Number(returned.line_discount) - Number(returned.allocated_reduction);
  const discountAmount = Math.min(listAmount, Math.max(0, included(sale, discountLeft, line.tax_rate_percent)));
  const finalAmount = listAmount - discountAmount;
  // The fee-charging share of what the buyer paid, applied to this line; BigInt because
  // yen x yen can pass 2^53.
  const feeBearingAmount = fee.total <= 0 ? 0 : Number((BigInt(finalAmount) * BigInt(Math.min(fee.feePaid, fee.total))) / BigInt(fee.total));

  return { listAmount, discountAmount, refundAmount: Number(refunded.amount), feeBearingAmount, shipments: 0 };
}

/** Lines of a sale whose item is a consigned piece. */
async function consignedLines(db: Executor, saleId: number): Promise<SaleLineRow[]> {
  return db
    .selectFrom('sale_lines')
    .innerJoin('consigned_items', 'consigned_items.item_id', 'sale_lines.item_id')
    .selectAll('sale_lines')
    .where('sale_lines.sale_id', '=', saleId)
    .orderBy('sale_lines.id')
    .execute();
}

/**
 * Brings the payables of the consigned lines of a counter sale document in line with it,
 * in the caller's transaction: a completed sale writes each line's payable, a return
 * corrects the original lines to what remains, and a voided sale takes them back to zero.
 * With `refundId` (a row of sale_refunds of this sale) only the refunded line is corrected,
 * as an entry of that partial refund. Documents without consigned pieces write nothing.
 */
export async function syncSalePayables(trx: Tx, saleId: number, refundId?: number): Promise<void> {
  const lines = await consignedLines(trx, saleId);
  if (lines.length === 0) return;
  const document = await trx.selectFrom('sales').selectAll().where('id', '=', saleId).executeTakeFirstOrThrow();

  if (document.kind === 'return') {
    const original = await trx.selectFrom('sales').selectAll().where('id', '=', document.original_sale_id!).executeTakeFirstOrThrow();
    const fee = await feeShareOf(trx, original);
    for (const returnLine of lines) {
      const originalLine = await trx.selectFrom('sale_lines').selectAll().where('id', '=', returnLine.original_line_id!).executeTakeFirstOrThrow();
      await syncSoldLinePayable(trx, {
        itemId: originalLine.item_id,
        soldLineKey: saleLineKey(originalLine.id),
        source: { type: 'sale_return', id: document.id, lineId: returnLine.id },
        businessDate: document.business_date,
        line: await remainingSoldLine(trx, original, originalLine, fee),
        note: document.number,
      });
    }
    return;
  }

  const voided = document.status === 'voided';
  const refund = refundId === undefined ? undefined : await trx.selectFrom('sale_refunds').selectAll().where('id', '=', refundId).executeTakeFirstOrThrow();
  const fee = await feeShareOf(trx, document);
  for (const line of lines) {
    if (refund && refund.sale_line_id !== line.id) continue;
    await syncSoldLinePayable(trx, {
      itemId: line.item_id,
      soldLineKey: saleLineKey(line.id),
      source: refund ? { type: 'sale_refund', id: refund.id, lineId: line.id } : { type: voided ? 'sale_void' : 'sale', id: document.id, lineId: line.id },
      businessDate: refund?.business_date ?? document.business_date,
      line: voided ? null : await remainingSoldLine(trx, document, line, fee),
      note: refund?.number ?? document.number,
    });
  }
}
