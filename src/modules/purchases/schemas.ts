import { z } from 'zod';
import { bilingual, optionalText } from '../../shared/zod.js';
import { CSV_ENCODINGS } from '../../shared/csv-safe.js';
import { MAX_PRICE_YEN } from '../items/attributes.js';
import { itemAttributesInput, itemOutput } from '../items/schemas.js';
import { businessDateField, MAX_DOCUMENT_LINES, pageOutput, pageQuery, quantityField } from '../stock-lines/schemas.js';
import { costField } from '../../server/cost-hiding.js';

const yen = z.number().int().min(0).max(MAX_PRICE_YEN);

/** Methods of verifying a seller's identity, as the secondhand ledger records them. */
export const ID_CHECK_METHODS = [
  'driving_licence',
  'my_number_card',
  'passport',
  'residence_card',
  'health_insurance_card',
  'other',
] as const;
export type IdCheckMethod = (typeof ID_CHECK_METHODS)[number];

export const ID_CHECK_METHOD_LABELS: Record<IdCheckMethod, { ja: string; en: string }> = {
  driving_licence: { ja: '運転免許証', en: "Driving licence" },
  my_number_card: { ja: 'マイナンバーカード', en: 'My Number card' },
  passport: { ja: 'パスポート', en: 'Passport' },
  residence_card: { ja: '在留カード', en: 'Residence card' },
  health_insurance_card: { ja: '健康保険証', en: 'Health insurance card' },
  other: { ja: 'その他', en: 'Other' },
};

/** Identity of an individual who sells pre-owned goods, verified at the counter. */
export const sellerIdentityInput = z
  .object({
    name: z.string().trim().min(1).max(100),
    address: z.string().trim().min(1).max(300),
    occupation: z.string().trim().min(1).max(100),
    birthDate: businessDateField.nullable().optional(),
    age: z.number().int().min(0).max(130).nullable().optional(),
    idCheckMethod: z.enum(ID_CHECK_METHODS),
    /** Description of the document or method checked when the method is "other". */
    idCheckDescription: optionalText(200),
    idDocumentNumber: z.string().trim().min(1).max(50),
  })
  .superRefine((seller, ctx) => {
    if (!seller.birthDate && seller.age == null) {
      ctx.addIssue({
        code: 'custom',
        path: ['birthDate'],
        ...bilingual('売主の生年月日か年齢を入力してください。', "Enter the seller's birth date or age."),
      });
    }
    if (seller.idCheckMethod === 'other' && !seller.idCheckDescription) {
      ctx.addIssue({
        code: 'custom',
        path: ['idCheckDescription'],
        ...bilingual('確認方法が「その他」のときは、確認した書類や方法を入力してください。', 'For the "other" ID check method, describe the document or method used.'),
      });
    }
  });
export type SellerIdentityInput = z.infer<typeof sellerIdentityInput>;

/**
 * One line of a purchase slip: either `item` (a new item, created by the purchase) or
 * `itemId` (more of an existing quantity-tracked item). A unique piece has quantity 1.
 */
export const purchaseLineInput = z
  .object({
    item: itemAttributesInput.optional(),
    itemId: z.number().int().positive().optional(),
    quantity: quantityField,
    /**
     * Cost per unit in yen, tax-excluded. Required with itemId. With item it defaults to
     * item.cost, and when both are given the unit cost becomes the new item's cost.
     */
    unitCost: yen.optional(),
    /** Distinguishing features for the secondhand ledger (scratches, engravings, serial numbers). */
    features: optionalText(500),
  })
  .superRefine((line, ctx) => {
    if ((line.item === undefined) === (line.itemId === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['itemId'],
        ...bilingual('新しい商品（item）か既存の商品（itemId）のどちらか一方を指定してください。', 'Give either a new item (item) or an existing item (itemId), not both.'),
      });
    }
    if (line.itemId !== undefined && line.unitCost === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['unitCost'],
        ...bilingual('既存の商品に入荷する行には単価を入力してください。', 'Enter the unit cost for a line that receives an existing item.'),
      });
    }
    if (line.item?.tracking === 'unique' && line.quantity !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['quantity'],
        ...bilingual('1点物の数量は 1 です。', 'A unique piece has quantity 1.'),
      });
    }
    if (line.quantity * (line.unitCost ?? line.item?.cost ?? 0) > MAX_PRICE_YEN) {
      ctx.addIssue({
        code: 'custom',
        path: ['unitCost'],
        ...bilingual('数量 × 単価が大きすぎます。単位（円・個）を確認してください。', 'Quantity × unit cost is too large. Check the units (yen, pieces).'),
      });
    }
  });
export type PurchaseLineInput = z.infer<typeof purchaseLineInput>;

export const purchaseInput = z
  .object({
    supplierId: z.number().int().positive(),
    /** Location that receives the goods. */
    locationId: z.number().int().positive(),
    /** Business date of the purchase (YYYY-MM-DD, Japan). */
    purchasedOn: businessDateField,
    supplierDocumentNumber: optionalText(50),
    /** Consumption tax rate of the slip; the company's default rate when absent. */
    taxRatePercent: z.union([z.literal(10), z.literal(8), z.literal(0)]).optional(),
    note: optionalText(1000),
    /** Pre-owned goods (古物); from an individual they need `seller`. */
    isSecondhand: z.boolean().default(false),
    seller: sellerIdentityInput.optional(),
    lines: z.array(purchaseLineInput).min(1).max(MAX_DOCUMENT_LINES),
  })
  .refine((purchase) => purchase.isSecondhand || purchase.seller === undefined, {
    path: ['seller'],
    ...bilingual('売主の本人確認は中古品の仕入にのみ入力します。', 'Seller identity is recorded only for pre-owned (secondhand) purchases.'),
  });
export type PurchaseInput = z.infer<typeof purchaseInput>;
export type PurchaseRequest = z.input<typeof purchaseInput>;

export const purchaseSummary = z.object({
  id: z.number(),
  number: z.string(),
  supplierId: z.number(),
  supplierName: z.string(),
  locationId: z.number(),
  locationName: z.string(),
  purchasedOn: z.string(),
  supplierDocumentNumber: z.string().nullable(),
  isSecondhand: z.boolean(),
  taxRatePercent: z.number(),
  /** Tax-excluded total of the lines, in yen. */
  subtotal: z.number(),
  taxAmount: z.number(),
  total: z.number(),
  note: z.string().nullable(),
  lineCount: z.number(),
  createdBy: z.number().nullable(),
  createdAt: z.string(),
});
export type PurchaseSummary = z.infer<typeof purchaseSummary>;

export const secondhandEntryOutput = z.object({
  id: z.number(),
  purchaseId: z.number(),
  purchaseNumber: z.string(),
  itemId: z.number(),
  stockNumber: z.string(),
  acquiredOn: z.string(),
  itemDescription: z.string(),
  quantity: z.number(),
  /** Price paid for the line, in yen. */
  price: z.number(),
  sellerName: z.string(),
  sellerAddress: z.string(),
  sellerOccupation: z.string().nullable(),
  sellerBirthDate: z.string().nullable(),
  sellerAge: z.number().nullable(),
  idCheckMethod: z.enum(ID_CHECK_METHODS),
  idCheckDescription: z.string().nullable(),
  idDocumentNumber: z.string().nullable(),
  checkedBy: z.number().nullable(),
  checkedByName: z.string().nullable(),
});
export type SecondhandEntryOutput = z.infer<typeof secondhandEntryOutput>;

export const purchaseLineOutput = z.object({
  lineNo: z.number(),
  itemId: z.number(),
  quantity: z.number(),
  /** Absent for users without the cost.view permission. */
  unitCost: costField(z.number()),
  amount: z.number(),
  item: itemOutput,
});

export const purchaseOutput = purchaseSummary.extend({
  lines: z.array(purchaseLineOutput),
  secondhandRecords: z.array(secondhandEntryOutput),
});
export type PurchaseOutput = z.infer<typeof purchaseOutput>;

export const purchaseListQuery = z.object({
  from: businessDateField.optional(),
  to: businessDateField.optional(),
  supplierId: z.coerce.number().int().positive().optional(),
  locationId: z.coerce.number().int().positive().optional(),
  ...pageQuery,
});
export type PurchaseListQuery = z.infer<typeof purchaseListQuery>;

export const purchaseListOutput = z.object({ purchases: z.array(purchaseSummary), ...pageOutput });

export const secondhandLedgerQuery = z.object({
  from: businessDateField.optional(),
  to: businessDateField.optional(),
  ...pageQuery,
});
export type SecondhandLedgerQuery = z.infer<typeof secondhandLedgerQuery>;

export const secondhandLedgerOutput = z.object({ entries: z.array(secondhandEntryOutput), ...pageOutput });

export const secondhandExportQuery = z.object({
  from: businessDateField.optional(),
  to: businessDateField.optional(),
  /** utf8 (with BOM) opens in current Excel; cp932 for older Excel and accounting tools. */
  encoding: z.enum(CSV_ENCODINGS).default('utf8'),
});
export type SecondhandExportQuery = z.infer<typeof secondhandExportQuery>;
