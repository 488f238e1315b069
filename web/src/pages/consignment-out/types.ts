// Shapes of the consignment-out API (src/modules/consignment-out/schemas.ts) as the screens use them.

export type ConsigneeKind = 'partner_shop' | 'department_store' | 'other';

export interface Consignee {
  id: number;
  code: string;
  name: string;
  nameKana: string | null;
  kind: ConsigneeKind;
  locationId: number;
  locationCode: string;
  postalCode: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
  contactPerson: string | null;
  invoiceRegistrationNumber: string | null;
  notes: string | null;
  isActive: boolean;
  piecesOut: number;
}

export interface Agreement {
  id: number;
  number: string;
  consigneeId: number;
  consigneeName: string;
  terms: 'rate' | 'net';
  rateBp: number | null;
  ratePercent: number | null;
  reportingCycle: 'weekly' | 'semimonthly' | 'monthly';
  returnDueDays: number;
  startsOn: string;
  status: 'active' | 'ended';
  note: string | null;
}

export interface NoteSummary {
  id: number;
  number: string;
  consigneeName: string;
  agreementNumber: string;
  fromLocationName: string;
  sentOn: string;
  returnDueOn: string;
  keepListed: boolean;
  pieceCount: number;
  retailTotal: number;
}

export interface ReportLine {
  id: number;
  stockNumber: string;
  itemName: string;
  noteNumber: string;
  outcome: 'sold' | 'returned';
  soldOn: string | null;
  salePrice: number;
  commissionAmount: number;
  receivableAmount: number;
}

export interface ReportSummary {
  id: number;
  number: string;
  consigneeName: string;
  reportedOn: string;
  source: 'manual' | 'csv';
  salesTotal: number;
  commissionTotal: number;
  receivableTotal: number;
}

export interface Report extends ReportSummary {
  lines: ReportLine[];
}

export type AgingBucketName = '0_30' | '31_60' | '61_90' | 'over_90';

export interface AgingRow {
  lineId: number;
  itemId: number;
  stockNumber: string;
  itemName: string;
  consigneeId: number;
  consigneeName: string;
  locationName: string;
  noteNumber: string;
  sentOn: string;
  daysOut: number;
  returnDueOn: string;
  overdue: boolean;
  bucket: AgingBucketName;
  retailPrice: number;
  /** Absent for users without cost.view. */
  bookCost?: number;
}

export interface Aging {
  today: string;
  rows: AgingRow[];
  buckets: Array<{ bucket: AgingBucketName; count: number; retailTotal: number; bookCost?: number }>;
  overdueCount: number;
}

export interface ImportIssue {
  row: number;
  column: string | null;
  value: string | null;
  message: string;
}

export interface ImportPreviewRow {
  row: number;
  stockNumber: string;
  itemName: string | null;
  outcome: 'sold' | 'returned' | null;
  soldOn: string | null;
  salePrice: number | null;
  commissionAmount: number | null;
  receivableAmount: number | null;
  valid: boolean;
}

export interface ImportResult {
  dryRun: boolean;
  committed: boolean;
  rowCount: number;
  errors: ImportIssue[];
  rows: ImportPreviewRow[];
  salesTotal: number;
  commissionTotal: number;
  receivableTotal: number;
  report: Report | null;
}
