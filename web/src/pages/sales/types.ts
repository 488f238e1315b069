// Shapes of the counter sales API. They are inferred from the server's zod schemas, so the
// screens and the routes cannot drift apart; `import type` keeps the schemas out of the bundle.
import type { z } from 'zod';
import type {
  closingInput,
  discountInput,
  paymentInput,
  reductionInput,
  returnInput,
  returnLinesInput,
  saleInput,
} from '../../../../src/modules/sales/schemas.js';

export type {
  ClosingOutput,
  DiscountInput,
  QuoteOutput,
  RegisterOutput,
  ReturnQuoteOutput,
  SaleLineOutput,
  SaleOutput,
  SaleSummary,
  ScanOutput,
} from '../../../../src/modules/sales/schemas.js';

export type PaymentMethod = z.input<typeof paymentInput>['method'];
export type ReductionKind = z.input<typeof reductionInput>['kind'];
export type Discount = z.input<typeof discountInput>;

/** Request bodies as the routes accept them (defaults may be left out). */
export type SaleRequest = z.input<typeof saleInput>;
export type ReturnRequest = z.input<typeof returnInput>;
export type ReturnQuoteRequest = z.input<typeof returnLinesInput>;
export type ClosingRequest = z.input<typeof closingInput>;

/** The order in which payment methods are offered, most used first. */
export const PAYMENT_METHOD_ORDER: PaymentMethod[] = ['cash', 'card', 'electronic_money', 'qr', 'bank_transfer', 'store_credit'];

export const REDUCTION_KIND_ORDER: ReductionKind[] = ['discount', 'coupon', 'points'];

export interface StaffMember {
  id: number;
  displayName: string;
}
