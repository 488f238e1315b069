import { z } from 'zod';
import { bilingual, optionalText, patternString } from '../../shared/zod.js';
import { MAX_PRICE_YEN } from '../items/attributes.js';
import { itemAttributesInput, itemOutput } from '../items/schemas.js';
import { ID_CHECK_METHODS } from '../purchases/schemas.js';
import { supplierInput } from '../suppliers/schemas.js';
import { invoiceRegistrationNumberField } from '../company/schemas.js';
import { businessDateField, MAX_DOCUMENT_LINES, pageOutput, pageQuery, quantityField } from '../stock-lines/schemas.js';
import { INDIVIDUAL_NUMBER_MESSAGE, isForbiddenIdNumber, pastBusinessDateField } from './input-checks.js';

export const CONSIGNOR_KINDS = ['dealer', 'maker', 'individual'] as const;
export const BEARERS = ['consignor', 'shop'] as const;
export const AGREEMENT_TERMS = ['commission', 'net'] as const;

const yen = z.number().int().min(0).max(MAX_PRICE_YEN);

/**
 * A rate typed as a percent with at most two decimals (12.5, 20, 3.24), checked here and
 * stored as basis points by the service (percentToBasisPoints).
 */
const percentField = z
  .number()
  .refine(
    (v) => v >= 0 && v <= 100 && Math.abs(v * 100 - Math.round(v * 100)) < 1e-6,
    bilingual('率は 0〜100 %、小数点以下 2 桁までで入力してください。', 'Enter the rate as a percent from 0 to 100 with at most 2 decimals.'),
  );

/** Basis points of a percent that percentField accepted: 12.5 % is 1250. */
export function percentToBasisPoints(percent: number): number {
  return Math.round(percent * 100);
}

export function basisPointsToPercent(bp: number): number {
  return bp / 100;
}

// ---- Consignors ----

export const consignorInput = z
  .object({
    code: patternString(
      /^[A-Za-z0-9_-]{1,20}$/,
      '委託者コードは半角英数字・ハイフン・下線で 20 文字以内で入力してください。',
      'Use up to 20 letters, digits, hyphens and underscores for the consignor code.',
    ),
    name: z.string().trim().min(1).max(200),
    nameKana: optionalText(200),
    kind: z.enum(CONSIGNOR_KINDS),
    postalCode: optionalText(10),
    address: optionalText(300),
    phone: optionalText(30),
    email: supplierInput.shape.email,
    invoiceRegistrationNumber: invoiceRegistrationNumberField,
    /** Bank, branch, account kind, number and holder, as free text for the settlement transfer. */
    bankAccount: optionalText(300),
    idCheckMethod: z.enum(ID_CHECK_METHODS).nullable().optional(),
    idDocumentNumber: optionalText(50),
    idCheckedOn: businessDateField.nullable().optional(),
    notes: optionalText(2000),
    isActive: z.boolean().optional(),
  })
  .superRefine((consignor, ctx) => {
    // The My Number Act forbids recording the individual number for any kind of consignor.
    if (isForbiddenIdNumber(consignor.idCheckMethod, consignor.idDocumentNumber)) {
      ctx.addIssue({ code: 'custom', path: ['idDocumentNumber'], ...INDIVIDUAL_NUMBER_MESSAGE });
    }

    // An individual's pieces are pre-owned goods taken in from a private person, so their
    // identity is checked and recorded as the Secondhand Articles Dealer Act expects.
    if (consignor.kind !== 'individual') return;
    const required = [
      ['idCheckMethod', '本人確認の方法を選んでください（個人の委託者は本人確認が必要です）。', 'Choose how the identity was checked (an individual consignor needs a verified identity).'],
      ['idDocumentNumber', '確認した本人確認書類の番号を入力してください。', 'Enter the number of the identity document checked.'],
      ['idCheckedOn', '本人確認をした日を入力してください。', 'Enter the date the identity was checked.'],
    ] as const;
    for (const [field, ja, en] of required) {
      if (consignor[field] == null) ctx.addIssue({ code: 'custom', path: [field], ...bilingual(ja, en) });
    }
  });
export type ConsignorInput = z.infer<typeof consignorInput>;

export const consignorOutput = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  nameKana: z.string().nullable(),
  kind: z.enum(CONSIGNOR_KINDS),
  postalCode: z.string().nullable(),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  invoiceRegistrationNumber: z.string().nullable(),
  bankAccount: z.string().nullable(),
  idCheckMethod: z.enum(ID_CHECK_METHODS).nullable(),
  idDocumentNumber: z.string().nullable(),
  idCheckedOn: z.string().nullable(),
  idCheckedBy: z.number().nullable(),
  idCheckedByName: z.string().nullable(),
  notes: z.string().nullable(),
  isActive: z.boolean(),
  /** Pieces held for the consignor now (received, not sold or returned). */
  heldCount: z.number(),
  /** Yen owed to the consignor that no settlement statement has taken yet. */
  openAmount: z.number(),
});
export type ConsignorOutput = z.infer<typeof consignorOutput>;

export const consignorListQuery = z.object({
  q: z.string().max(100).optional(),
  includeInactive: z.enum(['true', 'false']).optional(),
});

// ---- Agreements ----

const agreementFields = z.object({
  terms: z.enum(AGREEMENT_TERMS),
  /** Percent with up to 2 decimals; required for commission terms. */
  commissionRatePercent: percentField.nullable().optional(),
  discountBearer: z.enum(BEARERS).default('consignor'),
  feeBearer: z.enum(BEARERS).default('shop'),
  /** Payment or mall fee rate, percent; deducted from the consignor only when feeBearer is 'consignor'. */
  feeRatePercent: percentField.default(0),
  shippingBearer: z.enum(BEARERS).default('shop'),
  /** Yen per shipment; deducted from the consignor only when shippingBearer is 'consignor'. */
  shippingCost: yen.default(0),
  /** Day of the month the settlement period closes; 31 means the last day of each month. */
  closingDay: z.number().int().min(1).max(31).default(31),
  startsOn: businessDateField,
  returnDueOn: businessDateField.nullable().optional(),
  note: optionalText(1000),
});

function checkAgreement(agreement: z.infer<typeof agreementFields>, ctx: z.RefinementCtx): void {
  if (agreement.terms === 'commission' && agreement.commissionRatePercent == null) {
    ctx.addIssue({
      code: 'custom',
      path: ['commissionRatePercent'],
      ...bilingual('手数料率（%）を入力してください。', 'Enter the commission rate (percent).'),
    });
  }
  // A bearer of 'consignor' with nothing to deduct is a contradiction, usually a rate left at its default.
  if (agreement.feeBearer === 'consignor' && agreement.feeRatePercent <= 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['feeRatePercent'],
      ...bilingual(
        '手数料の負担が委託者のときは、決済・モール手数料率（%）を 0 より大きい値で入力してください。負担しないなら負担者を「当店」にしてください。',
        'The consignor bears the fees, so enter a fee rate (percent) above 0. If the consignor bears none, set the fee bearer to the shop.',
      ),
    });
  }
  if (agreement.shippingBearer === 'consignor' && agreement.shippingCost <= 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['shippingCost'],
      ...bilingual(
        '送料の負担が委託者のときは、1 回あたりの送料（円）を 0 より大きい値で入力してください。負担しないなら負担者を「当店」にしてください。',
        'The consignor bears shipping, so enter a shipping cost (yen per shipment) above 0. If the consignor bears none, set the shipping bearer to the shop.',
      ),
    });
  }
  if (agreement.returnDueOn && agreement.returnDueOn < agreement.startsOn) {
    ctx.addIssue({
      code: 'custom',
      path: ['returnDueOn'],
      ...bilingual('返却期限は契約開始日以降にしてください。', 'Set the return due date on or after the start date.'),
    });
  }
}

export const agreementInput = agreementFields.extend({ consignorId: z.number().int().positive() }).superRefine(checkAgreement);
export type AgreementInput = z.infer<typeof agreementInput>;

/** An agreement's changes: every field but the consignor, which never changes. */
export const agreementUpdateInput = agreementFields.superRefine(checkAgreement);
export type AgreementUpdateInput = z.infer<typeof agreementUpdateInput>;

export const agreementOutput = z.object({
  id: z.number(),
  number: z.string(),
  consignorId: z.number(),
  terms: z.enum(AGREEMENT_TERMS),
  commissionRatePercent: z.number().nullable(),
  discountBearer: z.enum(BEARERS),
  feeBearer: z.enum(BEARERS),
  feeRatePercent: z.number(),
  shippingBearer: z.enum(BEARERS),
  shippingCost: z.number(),
  settlementCycle: z.literal('monthly'),
  closingDay: z.number(),
  startsOn: z.string(),
  returnDueOn: z.string().nullable(),
  status: z.enum(['active', 'ended']),
  note: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type AgreementOutput = z.infer<typeof agreementOutput>;

export const agreementListQuery = z.object({
  consignorId: z.coerce.number().int().positive().optional(),
  status: z.enum(['active', 'ended']).optional(),
});

// ---- Receiving ----

/** One new piece taken in, with optional terms of its own. */
export const receiptLineInput = z.object({
  item: itemAttributesInput,
  quantity: quantityField.default(1),
  /** Overrides the agreement's commission rate for this piece (percent, up to 2 decimals). */
  commissionRatePercent: percentField.nullable().optional(),
  /** Yen owed for the piece at its full price; puts the piece on net terms. Required under a net agreement. */
  netAmount: yen.nullable().optional(),
  /** Overrides the agreement's return due date for this piece. */
  returnDueOn: businessDateField.nullable().optional(),
});
export type ReceiptLineInput = z.infer<typeof receiptLineInput>;

export const receiptInput = z.object({
  consignorId: z.number().int().positive(),
  agreementId: z.number().int().positive(),
  locationId: z.number().int().positive(),
  receivedOn: pastBusinessDateField({ ja: '受け入れ日', en: 'receiving date' }),
  note: optionalText(1000),
  lines: z.array(receiptLineInput).min(1).max(MAX_DOCUMENT_LINES),
});
export type ReceiptInput = z.infer<typeof receiptInput>;
export type ReceiptRequest = z.input<typeof receiptInput>;

const consignmentTermsOutput = {
  terms: z.enum(AGREEMENT_TERMS),
  commissionRatePercent: z.number().nullable(),
  netAmount: z.number().nullable(),
  returnDueOn: z.string().nullable(),
};

export const receiptSummary = z.object({
  id: z.number(),
  number: z.string(),
  consignorId: z.number(),
  consignorName: z.string(),
  agreementId: z.number(),
  agreementNumber: z.string(),
  locationId: z.number(),
  locationName: z.string(),
  receivedOn: z.string(),
  note: z.string().nullable(),
  lineCount: z.number(),
  createdBy: z.number().nullable(),
  createdAt: z.string(),
});
export type ReceiptSummary = z.infer<typeof receiptSummary>;

export const receiptOutput = receiptSummary.extend({
  lines: z.array(z.object({ itemId: z.number(), quantity: z.number(), item: itemOutput, ...consignmentTermsOutput })),
});
export type ReceiptOutput = z.infer<typeof receiptOutput>;

export const receiptListQuery = z.object({
  consignorId: z.coerce.number().int().positive().optional(),
  from: businessDateField.optional(),
  to: businessDateField.optional(),
  ...pageQuery,
});
export type ReceiptListQuery = z.infer<typeof receiptListQuery>;

export const receiptListOutput = z.object({ receipts: z.array(receiptSummary), ...pageOutput });

// ---- Return to the consignor ----

export const returnLineInput = z
  .object({
    itemId: z.number().int().positive().optional(),
    /** The code on the tag, as scanned: stock number or JAN code. */
    stockNumber: z.string().trim().min(1).max(60).optional(),
    /** Defaults to all of it at the location (1 for a unique piece). */
    quantity: quantityField.optional(),
  })
  .refine((line) => line.itemId !== undefined || line.stockNumber !== undefined, {
    path: ['stockNumber'],
    ...bilingual('返却する商品の在庫番号を入力してください。', 'Enter the stock number of the piece to return.'),
  });

export const returnInput = z.object({
  consignorId: z.number().int().positive(),
  locationId: z.number().int().positive(),
  returnedOn: pastBusinessDateField({ ja: '返却日', en: 'return date' }).optional(),
  note: optionalText(1000),
  lines: z.array(returnLineInput).min(1).max(MAX_DOCUMENT_LINES),
});
export type ReturnInput = z.infer<typeof returnInput>;

export const returnOutput = z.object({
  id: z.number(),
  number: z.string(),
  consignorId: z.number(),
  consignorName: z.string(),
  locationId: z.number(),
  locationName: z.string(),
  returnedOn: z.string(),
  note: z.string().nullable(),
  createdAt: z.string(),
  lines: z.array(z.object({ itemId: z.number(), stockNumber: z.string(), itemName: z.string(), quantity: z.number() })),
});
export type ReturnOutput = z.infer<typeof returnOutput>;

// ---- Consignor detail ----

export const PIECE_STATUSES = ['held', 'sold', 'returned'] as const;

export const pieceOutput = z.object({
  itemId: z.number(),
  stockNumber: z.string(),
  name: z.string(),
  itemStatus: z.string(),
  status: z.enum(PIECE_STATUSES),
  /** Retail price as the item stores it, on priceBasis. */
  retailPrice: z.number(),
  priceBasis: z.enum(['included', 'excluded']),
  receiptId: z.number(),
  receiptNumber: z.string(),
  receivedOn: z.string(),
  agreementNumber: z.string(),
  returnedOn: z.string().nullable(),
  /** Locations holding the piece now (none once sold or returned). */
  locations: z.array(z.object({ id: z.number(), name: z.string(), quantity: z.number() })),
  ...consignmentTermsOutput,
});
export type PieceOutput = z.infer<typeof pieceOutput>;

export const pieceListQuery = z.object({ status: z.enum(PIECE_STATUSES).optional() });

export const payableEntryOutput = z.object({
  id: z.number(),
  itemId: z.number(),
  stockNumber: z.string(),
  itemName: z.string(),
  sourceType: z.string(),
  sourceId: z.number(),
  soldLineKey: z.string(),
  businessDate: z.string(),
  listAmount: z.number(),
  discountAmount: z.number(),
  refundAmount: z.number(),
  soldAmount: z.number(),
  commissionAmount: z.number(),
  feeAmount: z.number(),
  shippingAmount: z.number(),
  amount: z.number(),
  /** The settlement statement that took the entry; null while it is open. */
  statementId: z.number().nullable(),
  statementNumber: z.string().nullable(),
  note: z.string().nullable(),
});
export type PayableEntryOutput = z.infer<typeof payableEntryOutput>;

export const payableListQuery = z.object({ open: z.enum(['true', 'false']).optional() });
export const payableListOutput = z.object({ entries: z.array(payableEntryOutput), openAmount: z.number() });

// ---- Consignors of pieces listed elsewhere ----

export const itemConsignorsQuery = z.object({
  /** Comma-separated item ids, at most 200. */
  ids: z
    .string()
    .max(2000)
    .transform((text) => [...new Set(text.split(',').map((part) => Number(part.trim())).filter((id) => Number.isSafeInteger(id) && id > 0))])
    .pipe(z.array(z.number()).max(200)),
});

export const itemConsignorsOutput = z.object({
  items: z.array(z.object({ itemId: z.number(), consignor: z.object({ id: z.number(), code: z.string(), name: z.string() }) })),
});
