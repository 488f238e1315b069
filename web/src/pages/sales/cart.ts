import type { Discount, QuoteOutput, ScanOutput, SaleRequest } from './types.js';

/** One line of the cart as the clerk edits it. */
export interface CartLine {
  key: string;
  itemId: number;
  stockNumber: string;
  name: string;
  tracking: ScanOutput['tracking'];
  /** In the item's unit; always 1 for a unique piece. */
  quantity: number;
  /** Unreserved quantity at the register's location when the tag was scanned. */
  available: number;
  retailPrice: number;
  priceBasis: ScanOutput['priceBasis'];
  taxRatePercent: number;
  /** Price set at the counter, on the item's price basis; null keeps the retail price. */
  unitPrice: number | null;
  discount: Discount | undefined;
}

export interface ReductionRow {
  key: string;
  kind: NonNullable<SaleRequest['reductions']>[number]['kind'];
  discount: Discount | undefined;
}

/** The reason a scanned tag was not added, as a translation key and its values. */
export interface CartRejection {
  key: 'sales.alreadyInCart' | 'sales.notAvailable' | 'sales.noMoreAvailable';
  values: Record<string, string | number>;
}

/**
 * Adds a scanned item: a new line, or one more of a quantity-tracked item already in the
 * cart. A unique piece is never added twice, and nothing beyond the unreserved stock at
 * the register's location is added. The server checks both again when the sale completes.
 */
export function addScanned(lines: CartLine[], item: ScanOutput): { lines: CartLine[] } | { rejection: CartRejection } {
  const existing = lines.find((line) => line.itemId === item.itemId);
  if (existing && item.tracking === 'unique') return { rejection: { key: 'sales.alreadyInCart', values: { stockNumber: item.stockNumber } } };
  if (existing) {
    if (existing.quantity + 1 > item.available) return { rejection: { key: 'sales.noMoreAvailable', values: { stockNumber: item.stockNumber, available: item.available } } };
    return { lines: lines.map((line) => (line === existing ? { ...line, quantity: line.quantity + 1, available: item.available } : line)) };
  }
  if (item.available < 1) return { rejection: { key: 'sales.notAvailable', values: { stockNumber: item.stockNumber } } };

  const line: CartLine = {
    key: `${item.itemId}-${Date.now()}`,
    itemId: item.itemId,
    stockNumber: item.stockNumber,
    name: item.name,
    tracking: item.tracking,
    quantity: 1,
    available: item.available,
    retailPrice: item.retailPrice,
    priceBasis: item.priceBasis,
    taxRatePercent: item.taxRatePercent,
    unitPrice: null,
    discount: undefined,
  };
  return { lines: [...lines, line] };
}

/** Converts the cart to the lines the quote and sale routes take. */
export function toSaleLines(lines: CartLine[]): SaleRequest['lines'] {
  return lines.map((line) => ({
    itemId: line.itemId,
    quantity: line.quantity,
    ...(line.unitPrice !== null && line.unitPrice !== line.retailPrice ? { unitPrice: line.unitPrice } : {}),
    ...(line.discount ? { discount: line.discount } : {}),
  }));
}

export function toReductions(rows: ReductionRow[]): NonNullable<SaleRequest['reductions']> {
  return rows.flatMap((row) => (row.discount ? [{ kind: row.kind, discount: row.discount }] : []));
}

/** Returns the server's figures for a cart line when the quote matches that line's item. */
export function quotedLine(quote: QuoteOutput | undefined, index: number, line: CartLine): QuoteOutput['lines'][number] | undefined {
  const quoted = quote?.lines[index];
  return quoted && quoted.itemId === line.itemId ? quoted : undefined;
}
