// Shapes of the consignment-in API (src/modules/consignment-in/schemas.ts) as the screens read them.

export type ConsignorKind = 'dealer' | 'maker' | 'individual';
export type Bearer = 'consignor' | 'shop';

export interface Consignor {
  id: number;
  code: string;
  name: string;
  nameKana: string | null;
  kind: ConsignorKind;
  postalCode: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
  invoiceRegistrationNumber: string | null;
  bankAccount: string | null;
  idCheckMethod: string | null;
  idDocumentNumber: string | null;
  idCheckedOn: string | null;
  idCheckedBy: number | null;
  idCheckedByName: string | null;
  notes: string | null;
  isActive: boolean;
  heldCount: number;
  openAmount: number;
}

export interface Agreement {
  id: number;
  number: string;
  consignorId: number;
  terms: 'commission' | 'net';
  commissionRatePercent: number | null;
  discountBearer: Bearer;
  feeBearer: Bearer;
  feeRatePercent: number;
  shippingBearer: Bearer;
  shippingCost: number;
  closingDay: number;
  startsOn: string;
  returnDueOn: string | null;
  status: 'active' | 'ended';
  note: string | null;
}

export interface ConsignedPiece {
  itemId: number;
  stockNumber: string;
  name: string;
  status: 'held' | 'sold' | 'returned';
  retailPrice: number;
  priceBasis: 'included' | 'excluded';
  receiptNumber: string;
  receivedOn: string;
  agreementNumber: string;
  returnedOn: string | null;
  locations: Array<{ id: number; name: string; quantity: number }>;
  terms: 'commission' | 'net';
  commissionRatePercent: number | null;
  netAmount: number | null;
  returnDueOn: string | null;
}

export interface PayableEntry {
  id: number;
  itemId: number;
  stockNumber: string;
  itemName: string;
  sourceType: string;
  businessDate: string;
  listAmount: number;
  discountAmount: number;
  soldAmount: number;
  commissionAmount: number;
  feeAmount: number;
  shippingAmount: number;
  amount: number;
  statementId: number | null;
  statementNumber: string | null;
  note: string | null;
}

export interface ConsignmentReceipt {
  id: number;
  number: string;
  consignorName: string;
  lineCount: number;
  lines: Array<{ itemId: number; item: { id: number; stockNumber: string; name: string } }>;
}

export interface ConsignmentReturn {
  id: number;
  number: string;
  consignorName: string;
  locationName: string;
  lines: Array<{ itemId: number; stockNumber: string; itemName: string; quantity: number }>;
}
