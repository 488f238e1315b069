import { z } from 'zod';
import { bilingual, optionalText } from '../../shared/zod.js';
import {
  CATEGORIES,
  CERTIFICATE_KINDS,
  CONDITION_GRADES,
  CONDITIONS,
  DIAMOND_CLARITIES,
  DIAMOND_CUTS,
  isValidJanCode,
  isValidMetal,
  MAX_CARAT_MCT,
  MAX_LENGTH_MM,
  MAX_METAL_WEIGHT_CG,
  MAX_PRICE_YEN,
  normalizeMetal,
  RING_SIZE_MAX_TENTHS,
  RING_SIZE_MIN_TENTHS,
  STONE_SHAPES,
  TRACKINGS,
  UNITS,
} from './attributes.js';

// The API takes measured values in whole base units so that no float reaches the database:
// yen, centigrams (0.01 g), milli-carats (0.001 ct), millimetres, tenths of a ring size.

const yen = z.number().int().min(0).max(MAX_PRICE_YEN);
const optionalInt = (max: number) => z.number().int().min(0).max(max).nullable().optional();

export const itemAttributesInput = z
  .object({
    /** Explicit stock number; generated from the company pattern when absent. */
    stockNumber: z
      .string()
      .trim()
      .min(1)
      .max(40)
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
    metalWeightCg: optionalInt(MAX_METAL_WEIGHT_CG),
    mainStoneKind: optionalText(50),
    mainStoneCaratMct: optionalInt(MAX_CARAT_MCT),
    mainStoneShape: z.enum(STONE_SHAPES).nullable().optional(),
    mainStoneColor: optionalText(30),
    mainStoneClarity: z.enum(DIAMOND_CLARITIES).nullable().optional(),
    mainStoneCut: z.enum(DIAMOND_CUTS).nullable().optional(),
    sideStonesCaratMct: optionalInt(MAX_CARAT_MCT),
    ringSizeTenths: z
      .number()
      .int()
      .min(RING_SIZE_MIN_TENTHS)
      .max(RING_SIZE_MAX_TENTHS)
      .refine((v) => v % 5 === 0, bilingual('リングサイズは 0.5 号単位で入力してください。', 'Ring sizes go in steps of 0.5.'))
      .nullable()
      .optional(),
    lengthMm: optionalInt(MAX_LENGTH_MM),
    condition: z.enum(CONDITIONS).default('new'),
    conditionGrade: z.enum(CONDITION_GRADES).nullable().optional(),
    certificateKind: z.enum(CERTIFICATE_KINDS).nullable().optional(),
    certificateIssuer: optionalText(100),
    certificateNumber: optionalText(100),
    /** Cost per unit in yen, tax-excluded. */
    cost: yen,
    /** Retail price per unit in yen, tax-included. */
    retailPrice: yen,
    taxRatePercent: z.union([z.literal(10), z.literal(8), z.literal(0)]).optional(),
    description: optionalText(5000),
    tags: z.array(z.string().trim().min(1).max(50)).max(30).default([]),
    supplierId: z.number().int().positive().nullable().optional(),
    photos: z
      .array(z.object({ url: z.string().trim().min(1).max(2000), altText: optionalText(200) }))
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

export const itemStatusEnum = z.enum(['in_stock', 'sold', 'written_off', 'returned_to_supplier', 'consumed', 'out_of_stock']);
