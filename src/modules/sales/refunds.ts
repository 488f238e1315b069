import type { Tx } from '../../db/database.js';
import { nowIso } from '../../db/database.js';
import { businessDate } from '../../shared/time.js';
import { syncSalePayables } from '../consignment-in/sale-payables.js';
import { nextDocumentNumber } from '../sequences/service.js';
import { saleErrors } from './errors.js';
import { requireRegister } from './registers.js';
import { earlierGivenBack } from './returns.js';
import { PAYMENT_METHOD_LABELS, refundableByMethod, returnedRateTax } from './rules.js';
import type { PartialRefundOutput, RefundInput, SaleOutput } from './schemas.js';
import { assertRegisterOpen, getSale, lockSale, paymentTotals, type SaleContext } from './service.js';
import { refreshSalesFacts } from '../analytics/refresh.js';

// Partial refunds (一部返金): the customer keeps a piece and gets part of its price back, for
// a scratch found later or a price promise. Nothing moves in stock. The refund is a row of
// sale_refunds, which later returns, the register close and the consignor's payable count.

/**
 * Records a partial refund of one line of a completed sale, in the caller's transaction.
 * The sale row is locked first, so two refunds or a refund and a return of the same line
 * cannot both pass the check of what is left. The refund is at most what the customer
 * still has paid for the line (its final amount less returns and earlier partial refunds).
 * A refund to card, electronic money or QR payment is also at most what was paid that way
 * and not yet refunded. The refund is paid at `registerId` (by default the sale's register),
 * which must be open for today's business date at a location the user may act at.
 */
export async function refundSaleLine(trx: Tx, saleId: number, input: RefundInput, ctx: SaleContext): Promise<{ refund: PartialRefundOutput; sale: SaleOutput }> {
  await lockSale(trx, saleId);
  const sale = await getSale(trx, saleId, ctx.scope);
  if (sale.kind !== 'sale' || sale.status !== 'completed') throw saleErrors.sale_not_refundable({ number: sale.number });

  const register = await requireRegister(trx, input.registerId ?? sale.registerId, ctx.scope, { active: true });
  const date = businessDate();
  await assertRegisterOpen(trx, { id: register.id, name: register.name }, date);

  const line = sale.lines.find((candidate) => candidate.id === input.lineId);
  if (!line) throw saleErrors.return_line_not_in_sale({ lineId: input.lineId, number: sale.number }, { field: 'lineId' });
  const limit = line.refundableAmount ?? 0;
  if (input.amount > limit) throw saleErrors.refund_exceeds_line({ stockNumber: line.stockNumber, amount: input.amount, limit }, { field: 'amount' });

  const { paid, refunded } = await paymentTotals(trx, saleId);
  const available = refundableByMethod(input.method, paid, refunded);
  if (available !== null && input.amount > available) {
    const label = PAYMENT_METHOD_LABELS[input.method];
    throw saleErrors.refund_exceeds_paid({ methodJa: label.ja, methodEn: label.en, amount: input.amount, available }, { field: 'method' });
  }

  // The tax contained in the refund, with the sale's rounding. When the refund gives back
  // the last yen of its rate, it takes exactly the tax not yet given back.
  const { byRate } = await earlierGivenBack(trx, saleId);
  const rate = sale.taxRates.find((candidate) => candidate.ratePercent === line.taxRatePercent)!;
  const tax = returnedRateTax(rate, input.amount, byRate.get(rate.ratePercent) ?? { total: 0, tax: 0 }, sale.taxRounding);

  const inserted = await trx
    .insertInto('sale_refunds')
    .values({
      number: await nextDocumentNumber(trx, 'RF', date),
      sale_id: saleId,
      sale_line_id: line.id,
      register_id: register.id,
      location_id: register.location_id,
      business_date: date,
      amount: input.amount,
      tax_rate_percent: line.taxRatePercent,
      tax,
      method: input.method,
      reference: input.reference ?? null,
      reason: input.reason,
      created_by: ctx.userId,
      created_at: nowIso(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await syncSalePayables(trx, saleId, Number(inserted.id));
  await refreshSalesFacts(trx, [`sale_refund:${inserted.id}`]);

  const after = await getSale(trx, saleId, ctx.scope);
  const refund = after.partialRefunds!.find((candidate) => candidate.id === Number(inserted.id))!;
  return { refund, sale: after };
}
