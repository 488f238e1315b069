import { z } from 'zod';
import { CSV_ENCODINGS } from '../../shared/csv-safe.js';
import { bilingual, optionalText, patternString } from '../../shared/zod.js';
import { costField } from '../../server/cost-hiding.js';
import { invoiceRegistrationNumberField } from '../company/schemas.js';
import { ENCODING_CHOICES } from '../item-csv/encoding.js';
import { pastBusinessDateField } from '../consignment-in/input-checks.js';
import { businessDateField, MAX_DOCUMENT_LINES } from '../stock-lines/schemas.js';

export const CONSIGNEE_KINDS = ['partner_shop', 'department_store', 'other'] as const;
export const AGREEMENT_TERMS = ['rate', 'net'] as const;
export const REPORTING_CYCLES = ['weekly', 'semimonthly', 'monthly'] as const;
export const AGREEMENT_STATUSES = ['active', 'ended'] as const;
export const REPORT_OUTCOMES = ['sold', 'returned'] as const;
export const OUT_LINE_STATUSES = ['out', 'sold', 'returned'] as const;
export const AGING_BUCKETS = ['0_30', '31_60', '61_90', 'over_90'] as const;

/** Prefix of the partner location code made for each consignee ("P-" + consignee code). */
export const CONSIGNEE_LOCATION_PREFIX = 'P-';

const yen = z.number().int().min(0).max(100_000_000_000);

const emailField = z
  .string()
  .trim()
  .transform((v) => (v === '' ? null : v))
  .refine((v) => v === null || z.email().safeParse(v).success, bilingual('メールアドレスの形式が正しくありません。', 'The email address is not valid.'))
  .nullable()
  .optional();

export const consigneeInput = z.object({
  // 18 characters at most, because the location code "P-<code>" allows 20.
  code: patternString(
    /^[A-Za-z0-9_-]{1,18}$/,
    '委託先コードは半角英数字・ハイフン・下線で 18 文字以内で入力してください。',
    'Use up to 18 letters, digits, hyphens and underscores for the consignee code.',
  ),
  name: z.string().trim().min(1).max(100),
  nameKana: optionalText(200),
  kind: z.enum(CONSIGNEE_KINDS),
  postalCode: optionalText(10),
  address: optionalText(300),
  phone: optionalText(30),
  email: emailField,
  contactPerson: optionalText(100),
  invoiceRegistrationNumber: invoiceRegistrationNumberField,
  notes: optionalText(2000),
  isActive: z.boolean().optional(),
});
export type ConsigneeInput = z.infer<typeof consigneeInput>;

export const consigneeOutput = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  nameKana: z.string().nullable(),
  kind: z.enum(CONSIGNEE_KINDS),
  locationId: z.number(),
  locationCode: z.string(),
  postalCode: z.string().nullable(),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  contactPerson: z.string().nullable(),
  invoiceRegistrationNumber: z.string().nullable(),
  notes: z.string().nullable(),
  isActive: z.boolean(),
  /** Pieces currently out at the consignee. */
  piecesOut: z.number(),
});
export type ConsigneeOutput = z.infer<typeof consigneeOutput>;

export const consigneeListQuery = z.object({
  q: z.string().max(100).optional(),
  includeInactive: z.enum(['true', 'false']).optional(),
});

/** A percentage with at most two decimals (12.5 = 12.5 %), stored as basis points. */
const ratePercentField = z
  .number()
  .min(0)
  .max(100)
  .refine(
    (value) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-6,
    bilingual('手数料率は小数点以下 2 桁までで入力してください（例: 25.5）。', 'Enter the commission rate with at most two decimals (example: 25.5).'),
  );

export const agreementInput = z
  .object({
    consigneeId: z.number().int().positive(),
    terms: z.enum(AGREEMENT_TERMS),
    /** The consignee's commission in percent under rate terms, ignored under net terms. */
    ratePercent: ratePercentField.nullable().optional(),
    reportingCycle: z.enum(REPORTING_CYCLES).default('monthly'),
    /** Days a piece may stay out, counted from the delivery note's date. */
    returnDueDays: z.number().int().min(1).max(3650).default(90),
    startsOn: businessDateField,
    status: z.enum(AGREEMENT_STATUSES).default('active'),
    note: optionalText(1000),
  })
  .refine((value) => value.terms !== 'rate' || (value.ratePercent !== null && value.ratePercent !== undefined), {
    path: ['ratePercent'],
    ...bilingual('手数料率の条件では手数料率（%）を入力してください。', 'Enter the commission rate (%) for rate terms.'),
  });
export type AgreementInput = z.infer<typeof agreementInput>;

export const agreementOutput = z.object({
  id: z.number(),
  number: z.string(),
  consigneeId: z.number(),
  consigneeName: z.string(),
  terms: z.enum(AGREEMENT_TERMS),
  /** Commission in basis points (2500 = 25 %), null under net terms. */
  rateBp: z.number().nullable(),
  ratePercent: z.number().nullable(),
  reportingCycle: z.enum(REPORTING_CYCLES),
  returnDueDays: z.number(),
  startsOn: z.string(),
  status: z.enum(AGREEMENT_STATUSES),
  note: z.string().nullable(),
});
export type AgreementOutput = z.infer<typeof agreementOutput>;

export const agreementListQuery = z.object({ consigneeId: z.coerce.number().int().positive().optional() });

/** A piece named by its id or by its stock number (as a scanner reads the tag). */
const pieceReference = {
  itemId: z.number().int().positive().optional(),
  stockNumber: z.string().trim().min(1).max(50).optional(),
};

const hasPiece = {
  path: ['stockNumber'],
  ...bilingual('商品 ID か在庫番号を入力してください。', 'Enter the item id or the stock number.'),
};

export const noteLineInput = z
  .object({
    ...pieceReference,
    /** Yen we receive for the piece under net terms (仕切り金額). */
    netAmount: yen.nullable().optional(),
  })
  .refine((line) => line.itemId !== undefined || line.stockNumber !== undefined, hasPiece);

export const noteInput = z.object({
  consigneeId: z.number().int().positive(),
  agreementId: z.number().int().positive(),
  fromLocationId: z.number().int().positive(),
  sentOn: pastBusinessDateField({ ja: '送付日', en: 'sending date' }),
  /** Keep the pieces on the online channels while they are at the consignee. */
  keepListed: z.boolean().default(false),
  note: optionalText(1000),
  lines: z.array(noteLineInput).min(1).max(MAX_DOCUMENT_LINES),
});
export type NoteInput = z.infer<typeof noteInput>;

/** A piece about to be added to a delivery note, and the location it would leave from. */
export const sendableQuery = z.object({
  itemId: z.coerce.number().int().positive(),
  fromLocationId: z.coerce.number().int().positive(),
});

export const noteLineOutput = z.object({
  id: z.number(),
  itemId: z.number(),
  stockNumber: z.string(),
  itemName: z.string(),
  retailPrice: z.number(),
  netAmount: z.number().nullable(),
  status: z.enum(OUT_LINE_STATUSES),
  closedOn: z.string().nullable(),
});

export const noteSummary = z.object({
  id: z.number(),
  number: z.string(),
  consigneeId: z.number(),
  consigneeName: z.string(),
  agreementId: z.number(),
  agreementNumber: z.string(),
  fromLocationId: z.number(),
  fromLocationName: z.string(),
  toLocationId: z.number(),
  sentOn: z.string(),
  returnDueOn: z.string(),
  keepListed: z.boolean(),
  note: z.string().nullable(),
  pieceCount: z.number(),
  /** Tax-included retail prices at sending, in yen. */
  retailTotal: z.number(),
  createdAt: z.string(),
});
export type NoteSummary = z.infer<typeof noteSummary>;

export const noteOutput = noteSummary.extend({ lines: z.array(noteLineOutput) });
export type NoteOutput = z.infer<typeof noteOutput>;

export const documentListQuery = z.object({
  consigneeId: z.coerce.number().int().positive().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type DocumentListQuery = z.infer<typeof documentListQuery>;

export const reportLineInput = z
  .object({
    ...pieceReference,
    outcome: z.enum(REPORT_OUTCOMES),
    /**
     * Business date of the sale. The report date when absent. resolveReportLines checks it
     * against today, the report date and the delivery note's sending date.
     */
    soldOn: businessDateField.nullable().optional(),
    /** Tax-included price the consignee sold at. The retail price at sending when absent. */
    salePrice: yen.nullable().optional(),
  })
  .refine((line) => line.itemId !== undefined || line.stockNumber !== undefined, hasPiece);
export type ReportLineInput = z.infer<typeof reportLineInput>;

const reportHeader = {
  consigneeId: z.number().int().positive(),
  reportedOn: pastBusinessDateField({ ja: '報告日', en: 'report date' }),
  periodFrom: businessDateField.nullable().optional(),
  periodTo: businessDateField.nullable().optional(),
  /** Location that returned pieces go back to. Each piece's delivery note's from location when absent. */
  returnLocationId: z.number().int().positive().nullable().optional(),
  note: optionalText(1000),
};

export const reportInput = z.object({ ...reportHeader, lines: z.array(reportLineInput).min(1).max(MAX_DOCUMENT_LINES) });
export type ReportInput = z.infer<typeof reportInput>;

export const reportLineOutput = z.object({
  id: z.number(),
  itemId: z.number(),
  stockNumber: z.string(),
  itemName: z.string(),
  noteNumber: z.string(),
  outcome: z.enum(REPORT_OUTCOMES),
  soldOn: z.string().nullable(),
  salePrice: z.number(),
  taxRatePercent: z.number().nullable(),
  commissionAmount: z.number(),
  receivableAmount: z.number(),
  /** Book cost of a sold piece in yen, absent for users without cost.view. */
  costAmount: costField(z.number()),
});

export const reportSummary = z.object({
  id: z.number(),
  number: z.string(),
  consigneeId: z.number(),
  consigneeName: z.string(),
  reportedOn: z.string(),
  periodFrom: z.string().nullable(),
  periodTo: z.string().nullable(),
  source: z.enum(['manual', 'csv']),
  salesTotal: z.number(),
  commissionTotal: z.number(),
  receivableTotal: z.number(),
  note: z.string().nullable(),
  createdAt: z.string(),
});
export type ReportSummary = z.infer<typeof reportSummary>;

export const reportOutput = reportSummary.extend({ lines: z.array(reportLineOutput) });
export type ReportOutput = z.infer<typeof reportOutput>;

export const reportImportInput = z.object({
  ...reportHeader,
  fileName: z.string().trim().max(255).nullable().optional(),
  contentBase64: z
    .string()
    .min(1)
    .refine(
      (value) => /^[A-Za-z0-9+/\s]*={0,2}\s*$/.test(value),
      bilingual('ファイルの内容（Base64）が壊れています。ファイルを選び直してください。', 'The file content (Base64) is corrupt. Choose the file again.'),
    ),
  encoding: z.enum(ENCODING_CHOICES).default('auto'),
  /** Check the file and show what would be recorded, without recording it. */
  dryRun: z.boolean().default(false),
});
export type ReportImportInput = z.infer<typeof reportImportInput>;

export const importIssueOutput = z.object({
  /** Row number as a spreadsheet shows it: the header is row 1. */
  row: z.number(),
  column: z.string().nullable(),
  value: z.string().nullable(),
  message: z.string(),
});

export const importPreviewRow = z.object({
  row: z.number(),
  stockNumber: z.string(),
  itemName: z.string().nullable(),
  outcome: z.enum(REPORT_OUTCOMES).nullable(),
  soldOn: z.string().nullable(),
  salePrice: z.number().nullable(),
  commissionAmount: z.number().nullable(),
  receivableAmount: z.number().nullable(),
  valid: z.boolean(),
});

export const reportImportOutput = z.object({
  dryRun: z.boolean(),
  committed: z.boolean(),
  encoding: z.enum(CSV_ENCODINGS),
  rowCount: z.number(),
  errors: z.array(importIssueOutput),
  rows: z.array(importPreviewRow),
  salesTotal: z.number(),
  commissionTotal: z.number(),
  receivableTotal: z.number(),
  report: reportOutput.nullable(),
});
export type ReportImportOutput = z.infer<typeof reportImportOutput>;

export const agingQuery = z.object({
  consigneeId: z.coerce.number().int().positive().optional(),
  overdueOnly: z.enum(['true', 'false']).optional(),
});

export const agingRow = z.object({
  lineId: z.number(),
  itemId: z.number(),
  stockNumber: z.string(),
  itemName: z.string(),
  consigneeId: z.number(),
  consigneeName: z.string(),
  locationId: z.number(),
  locationName: z.string(),
  noteId: z.number(),
  noteNumber: z.string(),
  sentOn: z.string(),
  /** Whole days since the sending date, counted in Japan time. */
  daysOut: z.number(),
  returnDueOn: z.string(),
  overdue: z.boolean(),
  bucket: z.enum(AGING_BUCKETS),
  retailPrice: z.number(),
  /** Book cost in yen, absent for users without cost.view. */
  bookCost: costField(z.number()),
});
export type AgingRow = z.infer<typeof agingRow>;

export const agingBucket = z.object({
  bucket: z.enum(AGING_BUCKETS),
  count: z.number(),
  retailTotal: z.number(),
  bookCost: costField(z.number()),
});

export const agingOutput = z.object({
  /** Today's business date in Japan, which days out are counted to. */
  today: z.string(),
  rows: z.array(agingRow),
  buckets: z.array(agingBucket),
  overdueCount: z.number(),
});
export type AgingOutput = z.infer<typeof agingOutput>;

export const remindersOutput = z.object({ today: z.string(), count: z.number(), rows: z.array(agingRow) });
