import { formatYen } from '../../lib/format.js';
import type { Discount, SaleLineOutput } from './types.js';

/** Formats a discount as the clerk typed it: "10%" or "¥777", or empty without one. */
export function discountText(discount: Discount | null): string {
  if (!discount) return '';
  return 'percent' in discount ? `${discount.percent}%` : formatYen(discount.yen);
}

/**
 * Formats a line discount as taken off the line: "-¥777", or "-¥1,980 (10%)" when it was
 * typed as a percentage. A yen discount is shown once, because the typed and the taken
 * amounts agree.
 */
export function lineDiscountText(line: Pick<SaleLineOutput, 'lineDiscount' | 'discount'>): string {
  if (line.lineDiscount <= 0) return '';
  const taken = formatYen(-line.lineDiscount);
  return line.discount && 'percent' in line.discount ? `${taken} (${line.discount.percent}%)` : taken;
}
