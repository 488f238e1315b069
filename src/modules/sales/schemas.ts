import { z } from 'zod';
import { bilingual, optionalText } from '../../shared/zod.js';
import { costField } from '../../server/cost-hiding.js';
import { businessDateField, pageOutput, pageQuery } from '../stock-lines/schemas.js';

// Request and response shapes of counter sales, returns, voids and register closings.
// Money is integer yen throughout; percentages are numbers with at most two decimals.

export const PAYMENT_METHODS = ['cash', 'card', 'electronic_money', 'qr', 'bank_transfer', 'store_credit'] as const;
export const REDUCTION_KINDS = ['discount', 'coupon', 'points'] as const;
export const PRICE_BASES = ['included', 'excluded'] as const;

const yen = z.number().int().min(0).max(10_000_000_000);
const positiveYen = z.number().int().min(1).max(10_000_000_000);

/** A discount as the clerk typed it: an amount in yen, or a percentage (0 < p <= 100). */
export const discountInput = z.union([
  z.object({ yen: positiveYen }).strict(),
  z
    .object({ percent: z.number().gt(0).max(100) })
    .strict()
    .refine((value) => Math.round(value.percent * 100) === value.percent * 100, bilingual('割引率は小数第2位までで入力してください。', 'Enter the discount percentage with at most two decimals.')),
]);
export type DiscountInput = z.infer<typeof discountInput>;

export const saleLineInput = z.object({
  itemId: z.number().int().positive(),
  /** In the item's unit; 1 for a unique piece. */
  quantity: z.number().int().positive().default(1),
  /**
   * Price per unit on the item's price basis. Left out, the item's retail price is used.
   * A seller may set another price at the counter; the sale keeps both, and the audit
   * trail records the sale.
   */
  unitPrice: yen.optional(),
  discount: discountInput.optional(),
});
export type SaleLineInput = z.infer<typeof saleLineInput>;

export const reductionInput = z.object({ kind: z.enum(REDUCTION_KINDS), discount: discountInput });

export const paymentInput = z.object({
  method: z.enum(PAYMENT_METHODS),
  /** Amount applied to the sale, in yen. */
  amount: positiveYen,
  /** Cash handed over (cash only); the change is tendered - amount. */
  tendered: positiveYen.optional(),
  /** Card slip number, transfer reference and the like. */
  reference: optionalText(100),
});
export type PaymentInput = z.infer<typeof paymentInput>;

export const staffShareInput = z.object({
  userId: z.number().int().positive(),
  /** Whole percent of the sale credited to this staff member; shares add up to 100. */
  sharePercent: z.number().int().min(1).max(100),
});

export const saleInput = z.object({
  registerId: z.number().int().positive(),
  customerId: z.number().int().positive().nullable().optional(),
  lines: z.array(saleLineInput).min(1).max(200),
  reductions: z.array(reductionInput).max(10).default([]),
  /** Left out: the signed-in user, 100 %. */
  staff: z.array(staffShareInput).min(1).max(10).optional(),
  /** Empty only when the total is 0 (a fully discounted sale). */
  payments: z.array(paymentInput).max(10),
  note: optionalText(1000),
});
export type SaleInput = z.infer<typeof saleInput>;

/** The cart before payment: the same as a sale without payments, for the totals the screen shows. */
export const saleQuoteInput = saleInput.omit({ payments: true, staff: true }).extend({
  payments: z.array(paymentInput).max(10).optional(),
});
export type SaleQuoteInput = z.infer<typeof saleQuoteInput>;

export const taxRateOutput = z.object({
  ratePercent: z.number(),
  /** Sum of the rate's lines after all discounts, on the document basis. */
  amount: z.number(),
  /** Tax-included total of the rate. */
  total: z.number(),
  /** Tax-excluded total of the rate. */
  net: z.number(),
  /** Consumption tax of the rate, rounded once for the document. */
  tax: z.number(),
});

export const saleLineOutput = z.object({
  id: z.number(),
  lineNo: z.number(),
  itemId: z.number(),
  stockNumber: z.string(),
  itemName: z.string(),
  quantity: z.number(),
  unitPrice: z.number(),
  priceBasis: z.enum(PRICE_BASES),
  taxRatePercent: z.number(),
  discount: discountInput.nullable(),
  /** unitPrice x quantity, converted to the document basis. */
  grossAmount: z.number(),
  lineDiscount: z.number(),
  amount: z.number(),
  allocatedReduction: z.number(),
  /** Final amount the customer pays for the line (document basis). */
  finalAmount: z.number(),
  costAmount: costField(z.number()),
  /** Original sale line (returns only). */
  originalLineId: z.number().nullable(),
  /** Location a returned piece went back to, or null when written off as damaged (returns only). */
  returnLocationId: z.number().nullable(),
  /** Quantity still returnable (sales only). */
  returnableQuantity: z.number(),
  // getSale always sets the two partial refund figures. They are optional only so that a
  // sale built by hand, as in the receipt fixtures, need not list them.
  /** Yen given back by partial refunds of the line (sales only). */
  partiallyRefunded: z.number().optional(),
  /** Yen the customer still has paid for the line and may get back by a partial refund: final amount - returns - partial refunds (sales only). */
  refundableAmount: z.number().optional(),
});
export type SaleLineOutput = z.infer<typeof saleLineOutput>;

export const paymentOutput = z.object({
  method: z.enum(PAYMENT_METHODS),
  amount: z.number(),
  tendered: z.number().nullable(),
  change: z.number().nullable(),
  reference: z.string().nullable(),
});

export const staffShareOutput = z.object({ userId: z.number(), displayName: z.string(), sharePercent: z.number() });

export const saleSummary = z.object({
  id: z.number(),
  number: z.string(),
  kind: z.enum(['sale', 'return']),
  status: z.enum(['completed', 'voided']),
  originalSaleId: z.number().nullable(),
  originalSaleNumber: z.string().nullable(),
  locationId: z.number(),
  locationName: z.string(),
  registerId: z.number(),
  registerName: z.string(),
  customerId: z.number().nullable(),
  customerName: z.string().nullable(),
  businessDate: z.string(),
  soldAt: z.string(),
  priceBasis: z.enum(PRICE_BASES),
  taxRounding: z.enum(['down', 'half_up', 'up']),
  subtotal: z.number(),
  reductionTotal: z.number(),
  total: z.number(),
  taxTotal: z.number(),
  taxRates: z.array(taxRateOutput),
  itemCount: z.number(),
  createdBy: z.number().nullable(),
  createdByName: z.string().nullable(),
});
export type SaleSummary = z.infer<typeof saleSummary>;

export const partialRefundOutput = z.object({
  id: z.number(),
  number: z.string(),
  lineId: z.number(),
  stockNumber: z.string(),
  businessDate: z.string(),
  /** Yen, tax included. */
  amount: z.number(),
  taxRatePercent: z.number(),
  /** Consumption tax contained in amount. */
  tax: z.number(),
  method: z.enum(PAYMENT_METHODS),
  reference: z.string().nullable(),
  reason: z.string(),
  createdAt: z.string(),
  createdByName: z.string().nullable(),
});
export type PartialRefundOutput = z.infer<typeof partialRefundOutput>;

export const saleOutput = saleSummary.extend({
  lines: z.array(saleLineOutput),
  reductions: z.array(reductionInput),
  payments: z.array(paymentOutput),
  staff: z.array(staffShareOutput),
  note: z.string().nullable(),
  reason: z.string().nullable(),
  invoiceRegistrationNumber: z.string().nullable(),
  receiptPrintCount: z.number(),
  voidedAt: z.string().nullable(),
  voidReason: z.string().nullable(),
  /** Returns made against this sale, oldest first. */
  returns: z.array(z.object({ id: z.number(), number: z.string(), total: z.number(), status: z.enum(['completed', 'voided']) })),
  /** True while the sale may still be voided (same business day, no returns, not voided). */
  voidable: z.boolean(),
  /** Total already refunded by returns (sales only). Partial refunds are listed in partialRefunds. */
  refundedTotal: z.number(),
  /** Partial refunds of the sale's lines, oldest first, always set by getSale (see refundableAmount). */
  partialRefunds: z.array(partialRefundOutput).optional(),
});
export type SaleOutput = z.infer<typeof saleOutput>;

export const quoteOutput = z.object({
  priceBasis: z.enum(PRICE_BASES),
  taxRounding: z.enum(['down', 'half_up', 'up']),
  lines: z.array(
    saleLineOutput.pick({ itemId: true, stockNumber: true, itemName: true, quantity: true, unitPrice: true, priceBasis: true, taxRatePercent: true, grossAmount: true, lineDiscount: true, amount: true, allocatedReduction: true, finalAmount: true }),
  ),
  subtotal: z.number(),
  reductionTotal: z.number(),
  total: z.number(),
  taxTotal: z.number(),
  taxRates: z.array(taxRateOutput),
  /** Sum of the payments given so far, what is still due, and the change for cash. */
  paid: z.number(),
  due: z.number(),
  change: z.number(),
});
export type QuoteOutput = z.infer<typeof quoteOutput>;

export const RETURN_DESTINATIONS = ['stock', 'write_off'] as const;

export const returnInput = z.object({
  registerId: z.number().int().positive(),
  lines: z
    .array(
      z.object({
        originalLineId: z.number().int().positive(),
        quantity: z.number().int().positive().default(1),
        /** Back to stock at locationId, or to a write-off when damaged. */
        destination: z.enum(RETURN_DESTINATIONS).default('stock'),
        /** Location the piece goes back to, by default the register's location. */
        locationId: z.number().int().positive().optional(),
      }),
    )
    .min(1)
    .max(200),
  /** Refund payments, adding up to the return's total (none when it is 0). */
  refunds: z.array(paymentInput.omit({ tendered: true })).max(10),
  reason: z.string().trim().min(1).max(500),
  note: optionalText(1000),
});
export type ReturnInput = z.infer<typeof returnInput>;

/** The lines of a return without its refunds, for the return quote. */
export const returnLinesInput = returnInput.pick({ registerId: true, lines: true });
export type ReturnLinesInput = z.infer<typeof returnLinesInput>;

export const returnQuoteOutput = z.object({
  lines: z.array(z.object({ originalLineId: z.number(), quantity: z.number(), taxRatePercent: z.number(), finalAmount: z.number() })),
  taxRates: z.array(taxRateOutput),
  /** Amount the return gives back, tax included, which the refunds must add up to. */
  total: z.number(),
  taxTotal: z.number(),
  /** Per payment method of the sale: paid, and refunded by earlier returns. */
  refundable: z.array(z.object({ method: z.enum(PAYMENT_METHODS), paid: z.number(), refunded: z.number() })),
});
export type ReturnQuoteOutput = z.infer<typeof returnQuoteOutput>;

/** A partial refund (一部返金) of one sale line: the customer keeps the piece. */
export const refundInput = z.object({
  lineId: z.number().int().positive(),
  /** Yen, tax included. */
  amount: positiveYen,
  method: z.enum(PAYMENT_METHODS),
  /** Register paying the refund, by default the sale's own. */
  registerId: z.number().int().positive().optional(),
  /** Card slip number, transfer reference and the like. */
  reference: optionalText(100),
  reason: z.string().trim().min(1).max(500),
});
export type RefundInput = z.infer<typeof refundInput>;

export const voidInput = z.object({ reason: z.string().trim().min(1).max(500) });

export const saleListQuery = z.object({
  from: businessDateField.optional(),
  to: businessDateField.optional(),
  locationId: z.coerce.number().int().positive().optional(),
  registerId: z.coerce.number().int().positive().optional(),
  customerId: z.coerce.number().int().positive().optional(),
  kind: z.enum(['sale', 'return']).optional(),
  status: z.enum(['completed', 'voided']).optional(),
  /** Sale number or stock number. */
  q: z.string().trim().max(100).optional(),
  ...pageQuery,
});
export type SaleListQuery = z.infer<typeof saleListQuery>;

export const saleListOutput = z.object({ sales: z.array(saleSummary), ...pageOutput });

export const registerOutput = z.object({
  id: z.number(),
  locationId: z.number(),
  locationName: z.string(),
  code: z.string(),
  name: z.string(),
  isActive: z.boolean(),
});
export type RegisterOutput = z.infer<typeof registerOutput>;

export const registerInput = z.object({
  locationId: z.number().int().positive(),
  code: z.string().trim().min(1).max(20),
  name: z.string().trim().min(1).max(100),
  isActive: z.boolean().default(true),
});

export const closingQuery = z.object({ businessDate: businessDateField });

export const closingInput = z.object({
  businessDate: businessDateField,
  /** Change fund put in the drawer at opening, in yen. */
  floatAmount: yen.default(0),
  countedCash: yen,
  note: optionalText(1000),
});
export type ClosingInput = z.infer<typeof closingInput>;

const methodTotals = z.object({ method: z.enum(PAYMENT_METHODS), sales: z.number(), refunds: z.number(), net: z.number() });

export const closingOutput = z.object({
  registerId: z.number(),
  registerName: z.string(),
  locationName: z.string(),
  businessDate: z.string(),
  saleCount: z.number(),
  returnCount: z.number(),
  voidCount: z.number(),
  salesTotal: z.number(),
  returnsTotal: z.number(),
  /** Partial refunds paid at the register that day, and their yen. */
  partialRefundCount: z.number(),
  partialRefundsTotal: z.number(),
  /** Per rate: sales minus returns minus partial refunds. */
  taxRates: z.array(taxRateOutput),
  /** Per payment method: taken by sales, and refunded by returns and partial refunds. */
  methods: z.array(methodTotals),
  floatAmount: z.number(),
  /** Float + cash taken - change given - cash refunded by returns and partial refunds. */
  expectedCash: z.number(),
  countedCash: z.number().nullable(),
  difference: z.number().nullable(),
  note: z.string().nullable(),
  closedAt: z.string().nullable(),
  closedBy: z.number().nullable(),
});
export type ClosingOutput = z.infer<typeof closingOutput>;

/** Scanner lookup result for one tag. */
export const scanOutput = z.object({
  itemId: z.number(),
  stockNumber: z.string(),
  name: z.string(),
  tracking: z.enum(['unique', 'quantity']),
  /** Unit of quantities: piece, cm, mct (0.001 ct) or cg (0.01 g). */
  unit: z.enum(['piece', 'cm', 'mct', 'cg']),
  retailPrice: z.number(),
  priceBasis: z.enum(PRICE_BASES),
  taxRatePercent: z.number(),
  status: z.string(),
  /** Unreserved quantity at the register's location. */
  available: z.number(),
});
export type ScanOutput = z.infer<typeof scanOutput>;

export const scanQuery = z.object({ code: z.string().trim().min(1).max(100), registerId: z.coerce.number().int().positive() });
