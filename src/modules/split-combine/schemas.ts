import { z } from 'zod';
import { bilingual, optionalText } from '../../shared/zod.js';
import { MAX_PRICE_YEN } from '../items/attributes.js';
import { itemAttributesInput } from '../items/schemas.js';
import { stockLineInput, stockLineOutput } from '../stock-lines/schemas.js';
import { isValidRatio, RATIO_DECIMALS } from '../../shared/allocation.js';

const yen = z.number().int().min(0).max(MAX_PRICE_YEN);

/** Most pieces one split produces or one combine consumes. */
export const MAX_OPERATION_PARTS = 500;

/**
 * Attributes of an item whose cost the operation computes (allocated or summed). A cost sent
 * here is ignored, so clients may leave it out.
 */
const derivedCostAttributes = z.preprocess(
  (raw) => (raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? { ...raw, cost: 0 } : raw),
  itemAttributesInput,
);

export const SPLIT_ALLOCATIONS = ['ratio', 'amount'] as const;

export const splitChildInput = z.object({
  attributes: derivedCostAttributes,
  /** Share of the lot's cost with allocation "ratio" (e.g. carat weight). */
  ratio: z.number().positive().optional(),
  /** Cost in yen with allocation "amount"; the children's costs must add up to the lot's. */
  cost: yen.optional(),
});

export const splitInput = z
  .object({
    /** The lot to split; all of it at the location is consumed. */
    itemId: z.number().int().positive(),
    locationId: z.number().int().positive(),
    allocation: z.enum(SPLIT_ALLOCATIONS),
    note: optionalText(1000),
    children: z.array(splitChildInput).min(2).max(MAX_OPERATION_PARTS),
  })
  .superRefine((split, ctx) => {
    split.children.forEach((child, index) => {
      if (split.allocation === 'ratio' && (child.ratio === undefined || !isValidRatio(child.ratio))) {
        ctx.addIssue({
          code: 'custom',
          path: ['children', index, 'ratio'],
          ...bilingual(
            `按分比率を正の数（小数点以下 ${RATIO_DECIMALS} 桁まで）で入力してください。`,
            `Enter a positive ratio with at most ${RATIO_DECIMALS} decimal places.`,
          ),
        });
      }
      if (split.allocation === 'amount' && child.cost === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['children', index, 'cost'],
          ...bilingual('金額で按分するときは、各商品の原価を入力してください。', 'With allocation by amount, enter the cost of every child.'),
        });
      }
    });
  });
export type SplitInput = z.infer<typeof splitInput>;

export const combineInput = z
  .object({
    locationId: z.number().int().positive(),
    /** Components, one unit of each. */
    itemIds: z.array(z.number().int().positive()).min(2).max(MAX_OPERATION_PARTS).optional(),
    /** Components with quantities, e.g. 45 cm of a chain sold by the centimetre; instead of itemIds. */
    components: z.array(stockLineInput).min(2).max(MAX_OPERATION_PARTS).optional(),
    /** The new piece; its cost is the sum of the components' book costs. */
    attributes: derivedCostAttributes,
    note: optionalText(1000),
  })
  .refine((combine) => (combine.itemIds === undefined) !== (combine.components === undefined), {
    path: ['itemIds'],
    ...bilingual('結合する商品を itemIds か components のどちらか一方で指定してください。', 'List the components in either itemIds or components, not both.'),
  });
export type CombineInput = z.infer<typeof combineInput>;

export const stockOperationOutput = z.object({
  id: z.number(),
  number: z.string(),
  kind: z.enum(['split', 'combine']),
  locationId: z.number(),
  locationName: z.string(),
  allocationMethod: z.enum(['ratio', 'amount', 'sum']),
  note: z.string().nullable(),
  createdBy: z.number().nullable(),
  createdAt: z.string(),
  /** The lot or components taken out of stock, at book cost. */
  consumed: z.array(stockLineOutput),
  /** The new pieces, each at its allocated cost. */
  produced: z.array(stockLineOutput),
});
export type StockOperationOutput = z.infer<typeof stockOperationOutput>;
