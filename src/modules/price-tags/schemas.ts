import { z } from 'zod';
import { bilingual } from '../../shared/zod.js';
import { pageOutput } from '../stock-lines/schemas.js';
import { BARCODE_KINDS, type BarcodeKind } from './barcodes.js';

/** One price tag template as the API lists it; lengths in millimetres. */
export const tagTemplateOutput = z.object({
  name: z.string(),
  description: z.object({ ja: z.string(), en: z.string() }),
  pageWidthMm: z.number(),
  pageHeightMm: z.number(),
  labelWidthMm: z.number(),
  labelHeightMm: z.number(),
  labelsPerPage: z.number().int(),
  dpi: z.number().int(),
  barcodeKind: z.enum(BARCODE_KINDS as [string, ...string[]]).nullable(),
  fields: z.array(z.string()),
  /** Barcode kinds whose code fits the template's barcode area at a readable bar width. */
  barcodeKinds: z.array(z.enum(BARCODE_KINDS as [BarcodeKind, ...BarcodeKind[]])),
  /** True for the shop's own templates, which can be edited and deleted. */
  custom: z.boolean(),
});

export type TagTemplateOutput = z.infer<typeof tagTemplateOutput>;

const stockNumbersField = z
  .array(z.string().trim().min(1).max(60))
  .min(1)
  .max(1000);

/**
 * A print request from the screens: the pieces by stock number, or every piece received on
 * one purchase. Exactly one of stockNumbers and purchaseId is given.
 */
export const printTagsInput = z
  .object({
    template: z.string().trim().min(1).max(60),
    format: z.enum(['pdf', 'zpl']),
    barcodeKind: z.enum(BARCODE_KINDS as [BarcodeKind, ...BarcodeKind[]]).optional(),
    stockNumbers: stockNumbersField.optional(),
    purchaseId: z.number().int().positive().optional(),
    /** ZPL font (^A) for printers with a Japanese font stored on them, e.g. "E:NOTOJP.TTF". */
    zplFont: z.string().trim().min(1).max(30).optional(),
  })
  .refine(
    (body) => body.stockNumbers !== undefined || body.purchaseId !== undefined,
    bilingual(
      '印刷する商品を、在庫番号の一覧（stockNumbers）か仕入伝票（purchaseId）で指定してください。',
      'Name the pieces to print, by a list of stock numbers (stockNumbers) or a purchase (purchaseId).',
    ),
  )
  .refine(
    (body) => body.stockNumbers === undefined || body.purchaseId === undefined,
    bilingual(
      '在庫番号の一覧（stockNumbers）と仕入伝票（purchaseId）は、どちらか一方だけを指定してください。',
      'Give either a list of stock numbers (stockNumbers) or a purchase (purchaseId), not both.',
    ),
  );

export type PrintTagsInput = z.infer<typeof printTagsInput>;

/** A piece whose tag shows a price other than its current one. Prices are in yen, tax included. */
export const reprintRow = z.object({
  itemId: z.number().int(),
  stockNumber: z.string(),
  name: z.string(),
  location: z.string().nullable(),
  printedPriceIncludingTax: z.number().int(),
  currentPriceIncludingTax: z.number().int(),
  printedAt: z.string(),
});

export type ReprintRow = z.infer<typeof reprintRow>;

export const reprintListOutput = z.object({ items: z.array(reprintRow), ...pageOutput });

/** The last tag of one piece, `stale` when its price differs from the current price. */
export const tagStatusOutput = z.object({
  itemId: z.number().int(),
  currentPriceIncludingTax: z.number().int(),
  lastPrint: z
    .object({
      priceIncludingTax: z.number().int(),
      template: z.string(),
      printedAt: z.string(),
    })
    .nullable(),
  stale: z.boolean(),
});

export type TagStatus = z.infer<typeof tagStatusOutput>;
