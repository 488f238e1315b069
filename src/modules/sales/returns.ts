import type { Executor, Tx } from '../../db/database.js';
import { nowIso } from '../../db/database.js';
import { businessDate } from '../../shared/time.js';
import { assertCanActAt } from '../access/scope.js';
import { recordMovement } from '../ledger/service.js';
import { setItemStatus } from '../items/service.js';
import { syncSalePayables } from '../consignment-in/sale-payables.js';
import { enqueueAvailabilityChanges } from '../outbox/service.js';
import { nextDocumentNumber } from '../sequences/service.js';
import { requireStockLocation } from '../stock-lines/service.js';
import { createWriteOff } from '../write-offs/service.js';
import { saleErrors } from './errors.js';
import { requireRegister } from './registers.js';
import { checkRefunds, returnedLineFigures, returnedRateTax, withoutPartialRefunds, type LineFigures } from './rules.js';
import { PAYMENT_METHODS, type ReturnInput, type ReturnLinesInput, type ReturnQuoteOutput, type SaleOutput } from './schemas.js';
import { assertRegisterOpen, getSale, lockSale, partialRefundsByLine, paymentTotals, SALE_DOCUMENT, type SaleContext } from './service.js';
import { refreshSalesFacts } from '../analytics/refresh.js';

const NOTHING_RETURNED: LineFigures = { quantity: 0, grossAmount: 0, lineDiscount: 0, allocatedReduction: 0, finalAmount: 0 };

/**
 * Sums what a sale already gave back: the figures of completed returns per original line, the
 * yen of partial refunds per line, and per rate the tax-included total and tax of returns
 * and partial refunds together.
 */
export async function earlierGivenBack(trx: Executor, originalSaleId: number) {
  const lineRows = await trx
    .selectFrom('sale_lines')
    .innerJoin('sales', 'sales.id', 'sale_lines.sale_id')
    .select([
      'sale_lines.original_line_id',
      (eb) => eb.fn.sum<number>('sale_lines.quantity').as('quantity'),
      (eb) => eb.fn.sum<number>('sale_lines.gross_amount').as('gross_amount'),
      (eb) => eb.fn.sum<number>('sale_lines.line_discount').as('line_discount'),
      (eb) => eb.fn.sum<number>('sale_lines.allocated_reduction').as('allocated_reduction'),
      (eb) => eb.fn.sum<number>('sale_lines.final_amount').as('final_amount'),
    ])
    .where('sales.original_sale_id', '=', originalSaleId)
    .where('sales.status', '=', 'completed')
    .groupBy('sale_lines.original_line_id')
    .execute();
  const byLine = new Map<number, LineFigures>(
    lineRows.map((row) => [
      Number(row.original_line_id),
      {
        quantity: Number(row.quantity),
        grossAmount: Number(row.gross_amount),
        lineDiscount: Number(row.line_discount),
        allocatedReduction: Number(row.allocated_reduction),
        finalAmount: Number(row.final_amount),
      },
    ]),
  );

  const rateRows = await trx
    .selectFrom('sale_tax_rates')
    .innerJoin('sales', 'sales.id', 'sale_tax_rates.sale_id')
    .select(['sale_tax_rates.rate_percent', (eb) => eb.fn.sum<number>('sale_tax_rates.total').as('total'), (eb) => eb.fn.sum<number>('sale_tax_rates.tax').as('tax')])
    .where('sales.original_sale_id', '=', originalSaleId)
    .where('sales.status', '=', 'completed')
    .groupBy('sale_tax_rates.rate_percent')
    .execute();
  const byRate = new Map(rateRows.map((row) => [row.rate_percent, { total: Number(row.total), tax: Number(row.tax) }]));

  const refundRows = await trx
    .selectFrom('sale_refunds')
    .select(['sale_line_id', 'tax_rate_percent', 'amount', 'tax'])
    .where('sale_id', '=', originalSaleId)
    .execute();
  for (const refund of refundRows) {
    const rate = byRate.get(refund.tax_rate_percent) ?? { total: 0, tax: 0 };
    byRate.set(refund.tax_rate_percent, { total: rate.total + Number(refund.amount), tax: rate.tax + Number(refund.tax) });
  }
  return { byLine, byRate, refundedByLine: partialRefundsByLine(refundRows) };
}

/**
 * Works out what a return of some lines of a completed sale gives back, without writing
 * anything: each line's share of the amounts (see returnedLineFigures), less what partial
 * refunds of the line already gave back (see withoutPartialRefunds), and each rate's tax
 * (see returnedRateTax). Checks the lines (in the sale, each once, no more than is left)
 * and the locations the pieces go back to.
 */
async function planReturn(trx: Executor, original: SaleOutput, input: ReturnLinesInput, registerLocationId: number, ctx: SaleContext) {
  if (original.kind !== 'sale' || original.status !== 'completed') throw saleErrors.sale_not_returnable({ number: original.number });

  const { byLine, byRate, refundedByLine } = await earlierGivenBack(trx, original.id);
  const originalLines = new Map(original.lines.map((line) => [line.id, line]));
  const seen = new Set<number>();
  const returned = [];
  for (const [index, request] of input.lines.entries()) {
    const line = originalLines.get(request.originalLineId);
    if (!line) throw saleErrors.return_line_not_in_sale({ lineId: request.originalLineId, number: original.number }, { field: `lines.${index}.originalLineId` });
    if (seen.has(line.id)) throw saleErrors.return_line_duplicate({ lineId: line.id }, { field: `lines.${index}.originalLineId` });
    seen.add(line.id);

    const earlier = byLine.get(line.id) ?? NOTHING_RETURNED;
    const returnable = line.quantity - earlier.quantity;
    if (request.quantity > returnable) {
      throw saleErrors.return_quantity_exceeds({ stockNumber: line.stockNumber, requested: request.quantity, returnable }, { field: `lines.${index}.quantity` });
    }

    // A damaged piece is written off where it comes back, by default the register's location.
    const location = await requireStockLocation(trx, request.locationId ?? registerLocationId, `lines.${index}.locationId`);
    assertCanActAt(ctx.scope, location, `lines.${index}.locationId`);
    // Partial refunds already gave back part of the line: the return gives back at most the rest.
    const paidLeft = line.finalAmount - earlier.finalAmount - (refundedByLine.get(line.id) ?? 0);
    const figures = withoutPartialRefunds(returnedLineFigures(line, request.quantity, earlier), paidLeft);
    returned.push({ line, request, location, figures });
  }

  // Per rate: the returned tax-included total and the tax it gives back.
  const totalsByRate = new Map<number, number>();
  for (const { line, figures } of returned) totalsByRate.set(line.taxRatePercent, (totalsByRate.get(line.taxRatePercent) ?? 0) + figures.finalAmount);
  const rates = [...totalsByRate.entries()]
    .sort(([a], [b]) => b - a)
    .map(([ratePercent, total]) => {
      const originalRate = original.taxRates.find((rate) => rate.ratePercent === ratePercent)!;
      const earlier = byRate.get(ratePercent) ?? { total: 0, tax: 0 };
      const tax = returnedRateTax({ ratePercent, total: originalRate.total, tax: originalRate.tax }, total, earlier, original.taxRounding);
      return { ratePercent, amount: total, total, net: total - tax, tax };
    });
  return { returned, rates, total: rates.reduce((sum, rate) => sum + rate.total, 0) };
}

/**
 * The figures a return would record, for the return screen to show before the clerk
 * chooses how to refund. Uses the same rules as returnSale, so the two always agree.
 */
export async function quoteReturn(db: Executor, saleId: number, input: ReturnLinesInput, ctx: SaleContext): Promise<ReturnQuoteOutput> {
  const original = await getSale(db, saleId, ctx.scope);
  const register = await requireRegister(db, input.registerId, ctx.scope);
  const { returned, rates, total } = await planReturn(db, original, input, register.location_id, ctx);
  const { paid, refunded } = await paymentTotals(db, saleId);

  return {
    lines: returned.map(({ line, request, figures }) => ({ originalLineId: line.id, quantity: request.quantity, finalAmount: figures.finalAmount, taxRatePercent: line.taxRatePercent })),
    taxRates: rates,
    total,
    taxTotal: rates.reduce((sum, rate) => sum + rate.tax, 0),
    refundable: PAYMENT_METHODS.map((method) => ({ method, paid: paid.get(method) ?? 0, refunded: refunded.get(method) ?? 0 })).filter((row) => row.paid > 0 || row.refunded > 0),
  };
}

/**
 * Records a customer return against a completed sale, in the caller's transaction. The
 * return reverses exactly what was sold less partial refunds (see planReturn), so a sale
 * returned whole, at once or in parts, nets to zero to the yen with its partial refunds. The sale row is locked first, so two concurrent
 * returns of the same line cannot both pass the check of what is left. Pieces go back to
 * stock at the chosen location, or, when damaged, through a write-off there. Refunds must
 * add up to the return's total.
 */
export async function returnSale(trx: Tx, saleId: number, input: ReturnInput, ctx: SaleContext): Promise<SaleOutput> {
  await lockSale(trx, saleId);
  const original = await getSale(trx, saleId, ctx.scope);
  const register = await requireRegister(trx, input.registerId, ctx.scope, { active: true });
  const date = businessDate();
  await assertRegisterOpen(trx, { id: register.id, name: register.name }, date);
  const { returned, rates, total } = await planReturn(trx, original, input, register.location_id, ctx);

  const { paid, refunded } = await paymentTotals(trx, saleId);
  const refunds = checkRefunds(input.refunds, total, paid, refunded);

  const now = nowIso();
  const header = await trx
    .insertInto('sales')
    .values({
      number: await nextDocumentNumber(trx, 'R', date),
      kind: 'return',
      original_sale_id: saleId,
      location_id: register.location_id,
      register_id: register.id,
      customer_id: original.customerId,
      status: 'completed',
      business_date: date,
      sold_at: now,
      price_basis: original.priceBasis,
      tax_rounding: original.taxRounding,
      subtotal: returned.reduce((sum, entry) => sum + entry.figures.grossAmount - entry.figures.lineDiscount, 0),
      reduction_total: returned.reduce((sum, entry) => sum + entry.figures.allocatedReduction, 0),
      total,
      tax_total: rates.reduce((sum, rate) => sum + rate.tax, 0),
      reductions_json: '[]',
      note: input.note ?? null,
      reason: input.reason,
      invoice_registration_number: original.invoiceRegistrationNumber,
      created_by: ctx.userId,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  await trx
    .insertInto('sale_lines')
    .values(
      returned.map(({ line, request, location, figures }, index) => ({
        sale_id: header.id,
        line_no: index + 1,
        item_id: line.itemId,
        original_line_id: line.id,
        quantity: request.quantity,
        unit_price: line.unitPrice,
        price_basis: line.priceBasis,
        tax_rate_percent: line.taxRatePercent,
        discount_json: null,
        gross_amount: figures.grossAmount,
        line_discount: figures.lineDiscount,
        amount: figures.grossAmount - figures.lineDiscount,
        allocated_reduction: figures.allocatedReduction,
        final_amount: figures.finalAmount,
        cost_amount: Math.round(((line.costAmount ?? 0) * request.quantity) / line.quantity),
        return_location_id: request.destination === 'stock' ? location.id : null,
      })),
    )
    .execute();
  await trx
    .insertInto('sale_tax_rates')
    .values(rates.map((rate) => ({ sale_id: header.id, rate_percent: rate.ratePercent, amount: rate.amount, total: rate.total, net: rate.net, tax: rate.tax })))
    .execute();
  if (refunds.length > 0) {
    await trx
      .insertInto('sale_payments')
      .values(refunds.map((refund) => ({ sale_id: header.id, method: refund.method, amount: refund.amount, tendered: null, change_given: null, reference: refund.reference })))
      .execute();
  }
  await trx.insertInto('sale_staff').values({ sale_id: header.id, user_id: ctx.userId, share_percent: 100 }).execute();

  // Every piece comes back into stock first; a damaged one then leaves again through a
  // write-off at that location, so its book cost shows in the write-off list.
  const damaged = new Map<number, Array<{ itemId: number; quantity: number }>>();
  for (const { line, request, location } of [...returned].sort((a, b) => a.line.itemId - b.line.itemId)) {
    await recordMovement(trx, {
      itemId: line.itemId,
      kind: 'sale_return',
      fromLocationId: null,
      toLocationId: location.id,
      quantity: request.quantity,
      costAmount: Math.round(((line.costAmount ?? 0) * request.quantity) / line.quantity),
      reason: input.reason,
      documentType: SALE_DOCUMENT,
      documentId: header.id,
      userId: ctx.userId,
      occurredAt: now,
    });
    await setItemStatus(trx, line.itemId, 'in_stock');
    if (request.destination === 'write_off') {
      const list = damaged.get(location.id) ?? [];
      list.push({ itemId: line.itemId, quantity: request.quantity });
      damaged.set(location.id, list);
    }
  }
  for (const [locationId, lines] of damaged) {
    await createWriteOff(
      trx,
      { locationId, reason: 'damage', note: `返品 ${original.number} / return of ${original.number}: ${input.reason}`.slice(0, 1000), writtenOffOn: date, lines },
      { userId: ctx.userId, scope: ctx.scope },
    );
  }
  await enqueueAvailabilityChanges(
    trx,
    returned.map(({ line }) => ({ itemId: line.itemId, reason: 'sale_return', documentType: SALE_DOCUMENT, documentId: header.id })),
  );
  await syncSalePayables(trx, header.id);
  await refreshSalesFacts(trx, [`sale:${header.id}`]);

  return getSale(trx, header.id, ctx.scope);
}
