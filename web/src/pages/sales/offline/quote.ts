// Prices the cart in the browser while offline, with the same pure pricing code the server
// runs when the sale is recorded (src/modules/sales/pricing.ts and its tax engine).
import { isDomainError } from '../../../../../src/shared/errors.js';
import { priceCart, quoteOf } from '../../../../../src/modules/sales/pricing.js';
import { ApiError } from '../../../api/client.js';
import { currentLocale } from '../../../i18n/index.js';
import { toReductions, toSaleLines, type CartLine, type ReductionRow } from '../cart.js';
import type { QuoteOutput } from '../types.js';

type TaxRounding = QuoteOutput['taxRounding'];

/**
 * Returns the cart's figures as the server's quote would, or the pricing error (a discount
 * above the price) worded in the user's language like a server error.
 */
export function offlineQuote(lines: readonly CartLine[], reductions: readonly ReductionRow[], rounding: TaxRounding): { quote?: QuoteOutput; error?: ApiError } {
  const saleLines = toSaleLines([...lines]).map((line) => ({ ...line, quantity: line.quantity ?? 1 }));
  const items = lines.map((line) => ({ id: line.itemId, stock_number: line.stockNumber, name: line.name, retail_price: line.retailPrice, price_basis: line.priceBasis, tax_rate_percent: line.taxRatePercent }));

  try {
    const quote = quoteOf(items, priceCart(saleLines, items, toReductions([...reductions]), rounding), rounding);
    return { quote };
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return { error: new ApiError(400, error.code, error.messageIn(currentLocale()), undefined, [], undefined) };
  }
}
