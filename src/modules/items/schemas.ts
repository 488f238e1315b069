import { z } from 'zod';
import { isCalendarDate } from '../../shared/time.js';
import { bilingual, optionalText } from '../../shared/zod.js';
import {
  CATEGORIES,
  CERTIFICATE_KINDS,
  CONDITION_GRADES,
  CONDITIONS,
  DIAMOND_CLARITIES,
  DIAMOND_CUTS,
  isValidJanCode,
  ITEM_STATUSES,
  isValidMetal,
  MAX_CARAT_MCT,
  MAX_LENGTH_MM,
  MAX_METAL_WEIGHT_CG,
  MAX_PRICE_YEN,
  normalizeMetal,
  PRICE_BASES,
  RING_SIZE_MAX_TENTHS,
  RING_SIZE_MIN_TENTHS,
  STONE_SHAPES,
  TRACKINGS,
  UNITS,
} from './attributes.js';
import { costField } from '../../server/cost-hiding.js';

// The API takes measured values in whole base units so that no float reaches the database:
// yen, centigrams (0.01 g), milli-carats (0.001 ct), millimetres, tenths of a ring size.

/**
 * A whole number from min to max. The message speaks in the units people enter (g, ct,
 * 号), because the CSV import and the screens show it for values typed in those units.
 */
function wholeNumber(min: number, max: number, ja: string, en: string) {
  return z.number().refine((v) => Number.isInteger(v) && v >= min && v <= max, bilingual(ja, en));
}

const yen = wholeNumber(
  0,
  MAX_PRICE_YEN,
  '金額は 0 円以上 100 億円以下の整数（円単位）で入力してください。',
  'Enter an amount in whole yen from 0 to 10 billion.',
);
const metalWeightCg = wholeNumber(
  0,
  MAX_METAL_WEIGHT_CG,
  '地金重量は 0〜10,000 g、小数点以下 2 桁までで入力してください。',
  'Enter the metal weight from 0 to 10,000 g with at most 2 decimals.',
);
const caratMct = wholeNumber(
  0,
  MAX_CARAT_MCT,
  'カラットは 0〜1,000 ct、小数点以下 3 桁までで入力してください。',
  'Enter the carat weight from 0 to 1,000 ct with at most 3 decimals.',
);
const lengthMm = wholeNumber(
  0,
  MAX_LENGTH_MM,
  '長さは 0〜1,000 cm、小数点以下 1 桁までで入力してください。',
  'Enter the length from 0 to 1,000 cm with at most 1 decimal.',
);
const ringSizeTenths = z
  .number()
  .refine(
    (v) => Number.isInteger(v) && v >= RING_SIZE_MIN_TENTHS && v <= RING_SIZE_MAX_TENTHS && v % 5 === 0,
    bilingual('リングサイズは 1〜30 号の 0.5 号単位で入力してください。', 'Enter a ring size from 1 to 30 in steps of 0.5.'),
  );

/**
 * A price basis, checked with wording of its own so that the message names the field. The
 * pipe gives the output its enum type, and meta keeps the enum in the OpenAPI input schema.
 */
const priceBasis = z
  .string()
  .refine(
    (v) => (PRICE_BASES as readonly string[]).includes(v),
    bilingual(
      '上代の税区分は included（税込）か excluded（税抜）で指定してください。',
      'Set the retail price basis to included (tax-included) or excluded (tax-excluded).',
    ),
  )
  .pipe(z.enum(PRICE_BASES))
  .meta({ enum: [...PRICE_BASES] });

export const itemAttributesInput = z
  .object({
    /** Explicit stock number; generated from the company pattern when absent. */
    stockNumber: z
      .string()
      .trim()
      // Folds full-width letters, digits and hyphens, as a Japanese keyboard may type them.
      .transform((v) => v.normalize('NFKC'))
      .pipe(z.string().min(1).max(40))
      .refine(
        (v) => /^[\x21-\x7e]+$/.test(v),
        bilingual('在庫番号は半角英数字と記号で入力してください（空白なし）。', 'Use half-width letters, digits and symbols without spaces for the stock number.'),
      )
      .optional(),
    janCode: z
      .string()
      .trim()
      .transform((v) => (v === '' ? null : v))
      .refine(
        (v) => v === null || isValidJanCode(v),
        bilingual('JAN コードが正しくありません（8 桁または 13 桁、チェックデジットを確認してください）。', 'The JAN code is invalid: it needs 8 or 13 digits with a correct check digit.'),
      )
      .nullable()
      .optional(),
    tracking: z.enum(TRACKINGS).default('unique'),
    unit: z.enum(UNITS).default('piece'),
    name: z.string().trim().min(1).max(200),
    category: z.enum(CATEGORIES),
    brand: optionalText(100),
    metal: z
      .string()
      .transform(normalizeMetal)
      .transform((v) => (v === '' ? null : v))
      .refine(
        (v) => v === null || isValidMetal(v),
        bilingual('地金の品位コードが正しくありません（例: PT900, K18YG, SV925, PT900/K18）。', 'The metal code is not known (examples: PT900, K18YG, SV925, PT900/K18).'),
      )
      .nullable()
      .optional(),
    metalWeightCg: metalWeightCg.nullable().optional(),
    mainStoneKind: optionalText(50),
    mainStoneCaratMct: caratMct.nullable().optional(),
    mainStoneShape: z.enum(STONE_SHAPES).nullable().optional(),
    mainStoneColor: optionalText(30),
    mainStoneClarity: z.enum(DIAMOND_CLARITIES).nullable().optional(),
    mainStoneCut: z.enum(DIAMOND_CUTS).nullable().optional(),
    sideStonesCaratMct: caratMct.nullable().optional(),
    ringSizeTenths: ringSizeTenths.nullable().optional(),
    lengthMm: lengthMm.nullable().optional(),
    condition: z.enum(CONDITIONS).default('new'),
    conditionGrade: z.enum(CONDITION_GRADES).nullable().optional(),
    certificateKind: z.enum(CERTIFICATE_KINDS).nullable().optional(),
    certificateIssuer: optionalText(100),
    certificateNumber: optionalText(100),
    /**
     * Cost per unit in yen, tax-excluded. Absent means 0 for a new item and keeps the current
     * cost on an update; the routes drop it for users without the cost.view permission.
     */
    cost: yen.optional(),
    /** Retail price per unit in yen, on `priceBasis`. */
    retailPrice: yen,
    /**
     * Whether retailPrice includes consumption tax. Absent means included for a new item and
     * keeps the current basis on an update, like taxRatePercent.
     */
    priceBasis: priceBasis
      .optional()
      .describe("'included' (税込, the default for a new item) or 'excluded' (税抜); absent on an update keeps the current basis"),
    taxRatePercent: z.union([z.literal(10), z.literal(8), z.literal(0)]).optional(),
    description: optionalText(5000),
    tags: z.array(z.string().trim().min(1).max(50)).max(30).default([]),
    supplierId: z.number().int().positive().nullable().optional(),
    photos: z
      .array(
        z.object({
          // Only web addresses and paths on this server, so that a stored photo can never
          // be a javascript: or data: link on a screen.
          url: z
            .string()
            .trim()
            .min(1)
            .max(2000)
            .refine(
              (v) => /^https?:\/\/[^\s]+$/i.test(v) || /^\/(?!\/)[^\s]*$/.test(v),
              bilingual('写真の URL は http:// か https:// で始まる URL、または / で始まるパスで入力してください。', 'Enter the photo URL as an http:// or https:// address, or a path starting with /.'),
            ),
          altText: optionalText(200),
        }),
      )
      .max(30)
      .default([]),
  })
  .superRefine((item, ctx) => {
    if (item.tracking === 'unique' && item.unit !== 'piece') {
      ctx.addIssue({
        code: 'custom',
        path: ['unit'],
        ...bilingual('1点物の単位は「個」です。', 'A unique piece is counted in pieces.'),
      });
    }
    if (item.ringSizeTenths != null && item.category !== 'ring') {
      ctx.addIssue({
        code: 'custom',
        path: ['ringSizeTenths'],
        ...bilingual('リングサイズはリングにのみ入力できます。', 'Only rings have a ring size.'),
      });
    }
    const isDiamond = item.mainStoneKind != null && /diamond|ダイヤ/i.test(item.mainStoneKind);
    for (const field of ['mainStoneClarity', 'mainStoneCut'] as const) {
      if (item[field] != null && !isDiamond) {
        ctx.addIssue({
          code: 'custom',
          path: [field],
          ...bilingual('クラリティとカットはダイヤモンドにのみ入力できます。', 'Clarity and cut grades apply to diamonds only.'),
        });
      }
    }
    if (item.conditionGrade != null && item.condition !== 'pre_owned') {
      ctx.addIssue({
        code: 'custom',
        path: ['conditionGrade'],
        ...bilingual('ランクは中古品にのみ入力できます。', 'Only pre-owned pieces have a condition grade.'),
      });
    }
    if ((item.certificateIssuer || item.certificateNumber) && !item.certificateKind) {
      ctx.addIssue({
        code: 'custom',
        path: ['certificateKind'],
        ...bilingual('鑑定書か鑑別書かを選んでください。', 'Choose whether the certificate is a grading or an identification report.'),
      });
    }
  });

/** Attributes of a new item as validated (defaults applied). */
export type ItemAttributes = z.output<typeof itemAttributesInput>;
/** Attributes as a client sends them. */
export type ItemAttributesRequest = z.input<typeof itemAttributesInput>;

export const itemStatusEnum = z.enum(ITEM_STATUSES);

// ---------------------------------------------------------------------------------------
// Responses. Field names and units match itemAttributesInput, so a client can send an
// item it has read back in a PUT.

export const itemPhotoOutput = z.object({
  id: z.number(),
  position: z.number().describe('0-based order; position 0 is the main photo'),
  url: z.string(),
  altText: z.string().nullable(),
});

export const itemOutput = z.object({
  id: z.number(),
  stockNumber: z.string(),
  janCode: z.string().nullable(),
  tracking: z.enum(TRACKINGS),
  unit: z.enum(UNITS),
  status: itemStatusEnum,
  name: z.string(),
  category: z.enum(CATEGORIES),
  brand: z.string().nullable(),
  metal: z.string().nullable(),
  metalWeightCg: z.number().nullable().describe('metal weight in centigrams (0.01 g)'),
  mainStoneKind: z.string().nullable(),
  mainStoneCaratMct: z.number().nullable().describe('main stone in milli-carats (0.001 ct)'),
  mainStoneShape: z.enum(STONE_SHAPES).nullable(),
  mainStoneColor: z.string().nullable(),
  mainStoneClarity: z.enum(DIAMOND_CLARITIES).nullable(),
  mainStoneCut: z.enum(DIAMOND_CUTS).nullable(),
  sideStonesCaratMct: z.number().nullable().describe('side stones in total, milli-carats'),
  ringSizeTenths: z.number().nullable().describe('Japanese ring size (号) × 10'),
  lengthMm: z.number().nullable(),
  condition: z.enum(CONDITIONS),
  conditionGrade: z.enum(CONDITION_GRADES).nullable(),
  certificateKind: z.enum(CERTIFICATE_KINDS).nullable(),
  certificateIssuer: z.string().nullable(),
  certificateNumber: z.string().nullable(),
  cost: costField(z.number().describe('cost per unit in yen, tax-excluded; absent without the cost.view permission')),
  retailPrice: z.number().describe('retail price per unit in yen, on priceBasis'),
  priceBasis: z.enum(PRICE_BASES).describe('whether retailPrice includes consumption tax (included, 税込) or not (excluded, 税抜)'),
  taxRatePercent: z.number(),
  description: z.string().nullable(),
  tags: z.array(z.string()),
  supplierId: z.number().nullable(),
  ownership: z.enum(['own', 'consignment_in']),
  sourceKey: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  createdBy: z.number().nullable(),
});
export type ItemOutput = z.infer<typeof itemOutput>;

export const itemBalanceOutput = z.object({
  locationId: z.number(),
  locationCode: z.string(),
  locationName: z.string(),
  locationKind: z.enum(['store', 'warehouse', 'exhibition', 'partner', 'transit']),
  quantity: z.number().describe("in the item's unit"),
});
export type ItemBalanceOutput = z.infer<typeof itemBalanceOutput>;

export const itemLineageOutput = z.object({
  operationId: z.number(),
  operationNumber: z.string(),
  operationKind: z.enum(['split', 'combine']),
  itemId: z.number(),
  stockNumber: z.string(),
  name: z.string(),
  allocatedCost: costField(z.number().describe('cost in yen that the operation moved from the parent to the child; absent without cost.view')),
});
export type ItemLineageOutput = z.infer<typeof itemLineageOutput>;

const retailPriceIncludingTax = z
  .number()
  .describe(
    "retail price per unit in yen with consumption tax at the item's rate, converted by the tax engine with the company's rounding mode; equals retailPrice when priceBasis is included",
  );

/** The consignor a consigned piece (ownership consignment_in) belongs to; null for our own pieces. */
const itemConsignor = z.object({ id: z.number(), code: z.string(), name: z.string() }).nullable();

export const itemDetailOutput = itemOutput.extend({
  retailPriceIncludingTax,
  consignor: itemConsignor,
  photos: z.array(itemPhotoOutput),
  balances: z.array(itemBalanceOutput).describe('locations holding a quantity above 0, in-transit included'),
  onHand: z.number().describe('total quantity over all locations'),
  supplier: z.object({ id: z.number(), code: z.string(), name: z.string() }).nullable(),
  lineage: z.object({
    parents: z.array(itemLineageOutput).describe('items this one was split from or combined out of'),
    children: z.array(itemLineageOutput).describe('items made from this one'),
  }),
  atUsersLocations: z
    .boolean()
    .describe("true when the item's stock is at the signed-in user's locations, so that they may change it given items.edit"),
});
export type ItemDetailOutput = z.infer<typeof itemDetailOutput>;

export const itemSummaryOutput = itemOutput.extend({
  retailPriceIncludingTax,
  consignor: itemConsignor,
  balances: z.array(itemBalanceOutput),
  onHand: z.number(),
  thumbnailUrl: z.string().nullable().describe('URL of the main photo'),
});
export type ItemSummaryOutput = z.infer<typeof itemSummaryOutput>;

// ---------------------------------------------------------------------------------------
// Search. Query strings arrive as text: blanks count as absent and numbers are coerced.

export const ITEM_SORTS = ['createdAt', 'stockNumber', 'retailPrice', 'name'] as const;
export const MAX_PAGE_SIZE = 200;

/** Wraps a query string schema: text is trimmed, and a blank or missing value becomes undefined. */
export function queryParameter<T extends z.ZodType>(schema: T) {
  return z
    .string()
    .optional()
    .transform((value) => {
      const trimmed = value?.trim();
      return trimmed === '' ? undefined : trimmed;
    })
    .pipe(schema.optional() as unknown as z.ZodType<z.output<T> | undefined, string | undefined>);
}

const queryId = queryParameter(z.coerce.number().int().positive());
const queryYen = queryParameter(z.coerce.number().int().min(0).max(MAX_PRICE_YEN));
const queryDate = queryParameter(
  z.string().refine(isCalendarDate, bilingual('日付は YYYY-MM-DD の形で入力してください。', 'Enter the date as YYYY-MM-DD.')),
);

export const itemSearchQuery = z
  .object({
    q: queryParameter(z.string().max(200)).describe('free text; every word must occur in stock number, name, brand, metal, stone, description, tags or JAN'),
    stockNumber: queryParameter(z.string().max(40)).describe('exact stock number'),
    stockNumberPrefix: queryParameter(z.string().max(40)).describe('stock numbers starting with this text'),
    category: queryParameter(z.enum(CATEGORIES)),
    metal: queryParameter(z.string().max(40).transform(normalizeMetal)),
    locationId: queryId.describe('only items with stock at this location'),
    status: queryParameter(itemStatusEnum),
    retailPriceMin: queryYen.describe('tax-included yen, compared with retailPriceIncludingTax'),
    retailPriceMax: queryYen.describe('tax-included yen, compared with retailPriceIncludingTax'),
    supplierId: queryId,
    ownership: queryParameter(z.enum(['own', 'consignment_in'])).describe('own pieces, or pieces held for consignors'),
    createdFrom: queryDate.describe('first business date (Asia/Tokyo) of creation, YYYY-MM-DD'),
    createdTo: queryDate.describe('last business date (Asia/Tokyo) of creation, inclusive'),
    sort: queryParameter(z.enum(ITEM_SORTS)).transform((v) => v ?? 'createdAt'),
    order: queryParameter(z.enum(['asc', 'desc'])).transform((v) => v ?? 'desc'),
    page: queryParameter(z.coerce.number().int().min(1).max(1_000_000)).transform((v) => v ?? 1),
    pageSize: queryParameter(z.coerce.number().int().min(1).max(MAX_PAGE_SIZE)).transform((v) => v ?? 50),
  })
  .superRefine((query, ctx) => {
    if (query.retailPriceMin !== undefined && query.retailPriceMax !== undefined && query.retailPriceMin > query.retailPriceMax) {
      ctx.addIssue({
        code: 'custom',
        path: ['retailPriceMax'],
        ...bilingual('上代の上限は下限以上にしてください。', 'The maximum retail price must not be below the minimum.'),
      });
    }
    if (query.createdFrom !== undefined && query.createdTo !== undefined && query.createdFrom > query.createdTo) {
      ctx.addIssue({
        code: 'custom',
        path: ['createdTo'],
        ...bilingual('登録日の終了日は開始日以降にしてください。', 'The last creation date must not be before the first.'),
      });
    }
  });

/** Validated search filters, defaults applied. */
export type ItemSearchFilters = z.output<typeof itemSearchQuery>;
/** Search filters as a caller may write them; omitted ones take their defaults. */
export type ItemSearchRequest = Partial<ItemSearchFilters>;

export const itemSearchOutput = z.object({
  items: z.array(itemSummaryOutput),
  total: z.number().describe('number of items matching the filters, over all pages'),
  page: z.number(),
  pageSize: z.number(),
});
export type ItemSearchOutput = z.infer<typeof itemSearchOutput>;

// ---------------------------------------------------------------------------------------
// History: one entry per stock_movements row.

const locationReference = z.object({ id: z.number(), code: z.string(), name: z.string() });

export const itemHistoryEntryOutput = z.object({
  movementId: z.number(),
  kind: z.string().describe('stock_movements.kind, e.g. purchase_receipt; labels come from GET /api/items/attributes'),
  occurredAt: z.string(),
  recordedAt: z.string(),
  quantity: z.number().describe("positive, in the item's unit"),
  costAmount: costField(z.number().describe('book cost of the moved quantity in yen; absent without cost.view')),
  reason: z.string().nullable(),
  fromLocation: locationReference.nullable(),
  toLocation: locationReference.nullable(),
  user: z.object({ id: z.number(), displayName: z.string() }).nullable(),
  document: z
    .object({
      type: z.string(),
      id: z.number().nullable(),
      number: z.string().nullable().describe('slip number such as P-2026-000012; null when the document table is unknown'),
    })
    .nullable(),
});
export type ItemHistoryEntry = z.infer<typeof itemHistoryEntryOutput>;

export const itemHistoryOutput = z.object({ entries: z.array(itemHistoryEntryOutput) });

// ---------------------------------------------------------------------------------------
// The fixed lists, labelled for selects.

const labelledOption = z.object({ code: z.string(), ja: z.string(), en: z.string() });

export const itemAttributesOutput = z.object({
  categories: z.array(labelledOption),
  metals: z.array(labelledOption),
  shapes: z.array(labelledOption),
  clarities: z.array(labelledOption),
  cuts: z.array(labelledOption),
  conditions: z.array(labelledOption),
  grades: z.array(labelledOption),
  certificateKinds: z.array(labelledOption),
  trackings: z.array(labelledOption),
  units: z.array(labelledOption),
  statuses: z.array(labelledOption),
  movementKinds: z.array(labelledOption),
  taxRatesPercent: z.array(z.number()),
  ringSize: z.object({ minTenths: z.number(), maxTenths: z.number(), stepTenths: z.number() }),
});
export type ItemAttributesOutput = z.infer<typeof itemAttributesOutput>;
