import type { Item } from '../../db/schema.js';
import { computeTaxDocument, discountAmount, unitPriceOnBasis, type TaxDocumentResult } from '../tax/engine.js';
import type { TaxRounding } from '../tax/rounding.js';
import { saleErrors } from './errors.js';
import type { DiscountInput, QuoteOutput, SaleLineInput } from './schemas.js';

// Turns a cart into a tax document with the one tax engine (src/modules/tax/engine.ts),
// turning the engine's RangeErrors for impossible discounts into errors a clerk can act on.

export type PricedItem = Pick<Item, 'id' | 'stock_number' | 'retail_price' | 'price_basis' | 'tax_rate_percent'>;

export interface CartPricing {
  /** Unit price of each line on its item's price basis, in line order. */
  unitPrices: number[];
  document: TaxDocumentResult;
}

/**
 * Prices a cart on the tax-included basis (総額表示) that Japanese counters use. `items`
 * are the lines' items in line order. A line's price is the one typed at the counter or
 * else the item's retail price, on the item's price basis; the engine converts a
 * tax-excluded price per unit with the company's rounding.
 */
export function priceCart(
  lines: readonly SaleLineInput[],
  items: readonly PricedItem[],
  reductions: readonly { kind: 'discount' | 'coupon' | 'points'; discount: DiscountInput }[],
  rounding: TaxRounding,
): CartPricing {
  const unitPrices = lines.map((line, index) => line.unitPrice ?? items[index]!.retail_price);

  for (const [index, line] of lines.entries()) {
    const item = items[index]!;
    const gross = unitPriceOnBasis(unitPrices[index]!, item.tax_rate_percent, item.price_basis, 'included', rounding) * line.quantity;
    try {
      discountAmount(gross, line.discount);
    } catch (error) {
      if (error instanceof RangeError) throw saleErrors.price_below_zero({ stockNumber: item.stock_number }, { field: `lines.${index}.discount` });
      throw error;
    }
  }

  try {
    const document = computeTaxDocument({
      basis: 'included',
      rounding,
      lines: lines.map((line, index) => ({
        unitPrice: unitPrices[index]!,
        quantity: line.quantity,
        ratePercent: items[index]!.tax_rate_percent,
        priceBasis: items[index]!.price_basis,
        ...(line.discount ? { discount: line.discount } : {}),
      })),
      reductions,
    });
    return { unitPrices, document };
  } catch (error) {
    // Lines were checked above, so what is left to fail is a reduction larger than the total.
    if (error instanceof RangeError) throw saleErrors.reductions_exceed_total({}, { field: 'reductions' });
    throw error;
  }
}

/**
 * Shapes a priced cart as the quote the counter screen shows, so the server's quote and the
 * screen's offline pricing give the same figures. `paid` and `change` come from the payments
 * entered so far (0 when none).
 */
export function quoteOf(
  items: readonly (PricedItem & { name: string })[],
  pricing: CartPricing,
  rounding: TaxRounding,
  payments: { paid: number; change: number } = { paid: 0, change: 0 },
): QuoteOutput {
  const { unitPrices, document } = pricing;
  return {
    priceBasis: 'included',
    taxRounding: rounding,
    lines: document.lines.map((line, index) => ({
      itemId: items[index]!.id,
      stockNumber: items[index]!.stock_number,
      itemName: items[index]!.name,
      quantity: line.quantity,
      unitPrice: unitPrices[index]!,
      priceBasis: items[index]!.price_basis,
      taxRatePercent: line.ratePercent,
      grossAmount: line.grossAmount,
      lineDiscount: line.lineDiscount,
      amount: line.amount,
      allocatedReduction: line.allocatedReduction,
      finalAmount: line.finalAmount,
    })),
    subtotal: document.subtotal,
    reductionTotal: document.reductionTotal,
    total: document.total,
    taxTotal: document.tax,
    taxRates: document.rates.map((rate) => ({ ratePercent: rate.ratePercent, amount: rate.amount, total: rate.total, net: rate.net, tax: rate.tax })),
    paid: payments.paid,
    due: Math.max(document.total - payments.paid, 0),
    change: payments.change,
  };
}
