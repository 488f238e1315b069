// Shapes of the settlement statement API (src/modules/consignment-in/statement-schemas.ts).

export type StatementStatus = 'issued' | 'paid';

export interface StatementSummary {
  id: number;
  number: string;
  consignorId: number;
  consignorCode: string;
  consignorName: string;
  periodFrom: string;
  periodTo: string;
  status: StatementStatus;
  salesTotal: number;
  commissionTotal: number;
  deductionsTotal: number;
  adjustmentsTotal: number;
  amountOwed: number;
  issuedAt: string;
  issuedByName: string | null;
  paidOn: string | null;
  paidReference: string | null;
}

export interface StatementList {
  statements: StatementSummary[];
  total: number;
}

export interface StatementLine {
  soldLineKey: string;
  itemId: number;
  stockNumber: string;
  name: string;
  date: string;
  soldVia: { kind: 'counter' | 'channel' | 'other'; reference: string };
  listAmount: number;
  discountAmount: number;
  refundAmount: number;
  soldAmount: number;
  commissionAmount: number;
  feeAmount: number;
  shippingAmount: number;
  amount: number;
  /** Discount the shop bears: amount - (sold - commission - fees - shipping). */
  shopDiscountAmount: number;
  settledIn: string | null;
}

export interface HeldPiece {
  itemId: number;
  stockNumber: string;
  name: string;
  receivedOn: string;
  locationName: string | null;
  retailPrice: number;
}

export interface ReturnedPiece {
  returnNumber: string;
  returnedOn: string;
  itemId: number;
  stockNumber: string;
  name: string;
  quantity: number;
}

interface Party {
  name: string;
  postalCode: string | null;
  address: string | null;
  invoiceRegistrationNumber: string | null;
}

export interface StatementDetail extends StatementSummary {
  /** Discounts of the new sales borne by the shop; sales - commission - deductions + this + adjustments = amountOwed. */
  shopDiscountTotal: number;
  company: Party & { phone: string | null };
  consignor: Party & { code: string };
  lines: StatementLine[];
  adjustments: StatementLine[];
  held: HeldPiece[];
  returned: ReturnedPiece[];
}

export interface SettlementConsignor {
  id: number;
  code: string;
  name: string;
  openEntries: number;
  openAmount: number;
}

export interface DuePeriods {
  consignorId: number;
  closingDay: number;
  previousPeriodTo: string | null;
  openEntries: number;
  openAmount: number;
  periods: Array<{ from: string; to: string; running: boolean }>;
}
