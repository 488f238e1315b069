// Checks for measured values typed on screen. The inputs keep exactly what the user typed
// (no clamping or rounding on blur), and these checks reject a value that the API's integer
// base units cannot hold, so nothing is silently changed before it is saved.

/** The allowed range and step of one kind of input, in the unit shown on screen. */
export interface MeasureSpec {
  /** i18n key (under `validation.`) of the message naming the range and step. */
  messageKey: string;
  min?: number;
  max?: number;
  /** Decimals allowed: 2 for grams (centigrams), 3 for carats, 0 for whole yen. */
  decimals?: number;
  /** A step the value must be a multiple of, e.g. 0.5 for ring sizes. */
  step?: number;
}

/** Ring size in 号: 1 to 30 in steps of 0.5 (the API stores tenths of 号). */
export const RING_SIZE: MeasureSpec = { messageKey: 'ringSize', min: 1, max: 30, step: 0.5 };
/** Carats: not negative, at most 3 decimals (milli-carats). */
export const CARATS: MeasureSpec = { messageKey: 'carats', min: 0, decimals: 3 };
/** Metal weight in grams: not negative, at most 2 decimals (centigrams). */
export const GRAMS: MeasureSpec = { messageKey: 'grams', min: 0, decimals: 2 };
/** Length in cm: not negative, at most 1 decimal (millimetres). */
export const CENTIMETRES: MeasureSpec = { messageKey: 'centimetres', min: 0, decimals: 1 };
/** Money: whole yen, not negative. */
export const YEN: MeasureSpec = { messageKey: 'yen', min: 0, decimals: 0 };

/** Quantity in an item's base unit (pieces, cm, cg, mct): a whole number, at least 1. */
export const QUANTITY: Record<'piece' | 'cm' | 'cg' | 'mct', MeasureSpec> = {
  piece: { messageKey: 'quantityPieces', min: 1, decimals: 0 },
  cm: { messageKey: 'quantityCentimetres', min: 1, decimals: 0 },
  cg: { messageKey: 'quantityGrams', min: 1, decimals: 0 },
  mct: { messageKey: 'quantityCarats', min: 1, decimals: 0 },
};

/** Multiples within this distance of a whole number count as whole, absorbing binary float error (0.29 × 100). */
const TOLERANCE = 1e-6;

function isWholeMultiple(value: number, unit: number): boolean {
  const ratio = value / unit;
  return Math.abs(ratio - Math.round(ratio)) < TOLERANCE;
}

/**
 * Returns whether a typed value fits its spec. An empty value passes, because whether a
 * field is required is a separate rule.
 */
export function isValidMeasure(value: number | null | undefined, spec: MeasureSpec): boolean {
  if (value === null || value === undefined) return true;
  if (!Number.isFinite(value)) return false;
  if (spec.min !== undefined && value < spec.min) return false;
  if (spec.max !== undefined && value > spec.max) return false;
  if (spec.decimals !== undefined && !isWholeMultiple(value, 10 ** -spec.decimals)) return false;
  if (spec.step !== undefined && !isWholeMultiple(value, spec.step)) return false;
  return true;
}

type Translate = (key: string) => string;

/** Builds an Ant Design Form rule that rejects a value outside the spec with a message naming the range and step. */
export function measureRule(t: Translate, spec: MeasureSpec) {
  return {
    validator: async (_rule: unknown, value: unknown) => {
      const number = value === '' || value === null || value === undefined ? null : Number(value);
      if (!isValidMeasure(number, spec)) throw new Error(t(`validation.${spec.messageKey}`));
    },
  };
}

/**
 * Parses money typed with separators, a yen sign or full-width digits ("¥１,２００" is 1200).
 * A minus sign and a decimal point are kept, so that "-3" or "1.5" reach the check and are
 * rejected instead of turning into 3 or 15. Returns NaN for text that is not a number.
 */
export function parseYenText(text: string | undefined): number | null {
  const cleaned = (text ?? '').normalize('NFKC').replace(/[¥￥,\s]/g, '');
  if (cleaned === '') return null;
  return /^-?\d*\.?\d*$/.test(cleaned) ? Number(cleaned) : Number.NaN;
}
