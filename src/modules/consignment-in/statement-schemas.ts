import { z } from 'zod';
import { CSV_ENCODINGS } from '../../shared/csv-safe.js';
import { isCalendarDate } from '../../shared/time.js';
import { bilingual, optionalText } from '../../shared/zod.js';

// Request and response shapes of settlement statements. Amounts are integer yen, tax
// included; dates are 'YYYY-MM-DD' business dates (Asia/Tokyo).

function calendarDate(ja: string, en: string) {
  return z.string().trim().refine(isCalendarDate, bilingual(ja, en));
}

export const issueStatementInput = z.object({
  consignorId: z.number().int().positive(),
  periodTo: calendarDate('締め日は YYYY-MM-DD の形で入力してください（例: 2026-11-30）。', 'Enter the closing date as YYYY-MM-DD (example: 2026-11-30).'),
});
export type IssueStatementInput = z.infer<typeof issueStatementInput>;

export const payStatementInput = z.object({
  paidOn: calendarDate('支払日は YYYY-MM-DD の形で入力してください（例: 2026-12-10）。', 'Enter the payment date as YYYY-MM-DD (example: 2026-12-10).'),
  /** Bank transfer number or a note, at most 200 characters. */
  reference: optionalText(200),
});
export type PayStatementInput = z.infer<typeof payStatementInput>;

export const STATEMENT_STATUSES = ['issued', 'paid'] as const;

export const statementListQuery = z.object({
  consignorId: z.coerce.number().int().positive().optional(),
  status: z.enum(STATEMENT_STATUSES).optional(),
  page: z.coerce.number().int().positive().default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type StatementListQuery = z.infer<typeof statementListQuery>;

export const duePeriodsQuery = z.object({ consignorId: z.coerce.number().int().positive() });

/** Language of the printed or exported statement, by default the signed-in user's. */
const documentLocale = z.enum(['ja', 'en']).optional().describe("ja or en; the signed-in user's language when left out");

export const statementPdfQuery = z.object({ locale: documentLocale });

export const statementCsvQuery = z.object({ encoding: z.enum(CSV_ENCODINGS).default('utf8'), locale: documentLocale });

const periodOutput = z.object({ from: z.string(), to: z.string() });

export const statementSummaryOutput = z.object({
  id: z.number(),
  number: z.string(),
  consignorId: z.number(),
  consignorCode: z.string(),
  consignorName: z.string(),
  periodFrom: z.string(),
  periodTo: z.string(),
  status: z.enum(STATEMENT_STATUSES),
  /** Sold amounts of the sales first settled here. */
  salesTotal: z.number(),
  commissionTotal: z.number(),
  /** Payment fees and shipping borne by the consignor. */
  deductionsTotal: z.number(),
  /** Sum of the corrections to sales settled in earlier statements (negative when they take money back). */
  adjustmentsTotal: z.number(),
  amountOwed: z.number(),
  issuedAt: z.string(),
  issuedByName: z.string().nullable(),
  paidOn: z.string().nullable(),
  paidReference: z.string().nullable(),
});
export type StatementSummary = z.infer<typeof statementSummaryOutput>;

export const statementListOutput = z.object({ statements: z.array(statementSummaryOutput), total: z.number() });

export const SOLD_VIA_KINDS = ['counter', 'channel', 'other'] as const;

export const statementLineOutput = z.object({
  soldLineKey: z.string(),
  itemId: z.number(),
  stockNumber: z.string(),
  name: z.string(),
  /** Business date of the sale, or of the first correction on an adjustment line. */
  date: z.string(),
  soldVia: z.object({ kind: z.enum(SOLD_VIA_KINDS), reference: z.string() }),
  listAmount: z.number(),
  discountAmount: z.number(),
  refundAmount: z.number(),
  soldAmount: z.number(),
  commissionAmount: z.number(),
  feeAmount: z.number(),
  shippingAmount: z.number(),
  amount: z.number(),
  /** Discount the shop bears: amount - (sold - commission - fees - shipping); 0 when the consignor bears discounts. */
  shopDiscountAmount: z.number(),
  /** On an adjustment line: the statement that first settled the sale. */
  settledIn: z.string().nullable(),
});
export type StatementLine = z.infer<typeof statementLineOutput>;

export const heldPieceOutput = z.object({
  itemId: z.number(),
  stockNumber: z.string(),
  name: z.string(),
  receivedOn: z.string(),
  locationName: z.string().nullable(),
  retailPrice: z.number(),
});
export type HeldPiece = z.infer<typeof heldPieceOutput>;

export const returnedPieceOutput = z.object({
  returnNumber: z.string(),
  returnedOn: z.string(),
  itemId: z.number(),
  stockNumber: z.string(),
  name: z.string(),
  quantity: z.number(),
});
export type ReturnedPiece = z.infer<typeof returnedPieceOutput>;

const partyOutput = z.object({
  name: z.string(),
  postalCode: z.string().nullable(),
  address: z.string().nullable(),
  invoiceRegistrationNumber: z.string().nullable(),
});

export const statementDetailOutput = statementSummaryOutput.extend({
  /**
   * Discounts of the new sales borne by the shop, summed from the lines, so that
   * salesTotal - commissionTotal - deductionsTotal + shopDiscountTotal + adjustmentsTotal = amountOwed.
   */
  shopDiscountTotal: z.number(),
  company: partyOutput.extend({ phone: z.string().nullable() }),
  consignor: partyOutput.extend({ code: z.string() }),
  lines: z.array(statementLineOutput),
  adjustments: z.array(statementLineOutput),
  held: z.array(heldPieceOutput),
  returned: z.array(returnedPieceOutput),
});
export type StatementDetail = z.infer<typeof statementDetailOutput>;

export const duePeriodsOutput = z.object({
  consignorId: z.number(),
  closingDay: z.number(),
  previousPeriodTo: z.string().nullable(),
  /** Open entries (not yet on a statement) and what they add up to. */
  openEntries: z.number(),
  openAmount: z.number(),
  periods: z.array(periodOutput.extend({ running: z.boolean() })),
});
export type DuePeriods = z.infer<typeof duePeriodsOutput>;

export const settlementConsignorsOutput = z.object({
  consignors: z.array(z.object({ id: z.number(), code: z.string(), name: z.string(), openEntries: z.number(), openAmount: z.number() })),
});
