/**
 * Learning the shop's look: from the adjustments that people accepted, the settings that new
 * photos of a category start with. Pure functions, no I/O; the studio reads the records from
 * its adjustment log.
 *
 * Per category and field the learned value is a weighted median of what people ended with
 * (robust to the odd photo that needed something unusual). Weights halve every
 * `halfLifeDays`, so a shop that changes its taste is followed. A category with few samples is
 * shrunk toward the overall look with weight n / (n + k), where n is the sum of its weights.
 * The overall look is shrunk toward no offset the same way. Values are rounded to the slider step
 * and clamped to ADJUSTMENT_RANGES.
 *
 * Rotation and mask strokes belong to one photo and are never learned.
 */

import { ADJUSTMENT_RANGES, type PhotoAdjustments } from './pipeline-types.js';
import { mulberry32, standardNormalPair } from '../../shared/random.js';

export const LEARNED_FIELDS = ['exposure', 'warmth', 'margin', 'shadow', 'contrast'] as const;
export type LearnedField = (typeof LEARNED_FIELDS)[number];
export type LearnedSettings = Partial<Pick<PhotoAdjustments, LearnedField>>;

/** One accepted photo: the adjustments as applied when it was accepted. */
export interface AcceptedRecord {
  /** Adjustment log id; resets refer to it. */
  id: number;
  category: string;
  adjustments: Pick<PhotoAdjustments, LearnedField>;
  /** Milliseconds since the epoch. */
  acceptedAt: number;
}

/** A reset of the learned look: records with id ≤ lastRecordId stop counting. */
export interface LookReset {
  /** null resets every category. */
  category: string | null;
  lastRecordId: number;
}

export interface LearnOptions {
  /** Milliseconds since the epoch; records are weighted by their age at this time. */
  now: number;
  /** Age in days at which a record weighs half as much as a new one. */
  halfLifeDays?: number;
  /** k of the shrinkage weight n / (n + k), in (weighted) samples. */
  shrinkSamples?: number;
}

export interface LookGroup {
  samples: number;
  settings: LearnedSettings;
}

export interface LearnedLook {
  /** Sorted by category. */
  categories: (LookGroup & { category: string })[];
  overall: LookGroup;
}

export const DEFAULT_HALF_LIFE_DAYS = 90;
export const DEFAULT_SHRINK_SAMPLES = 3;

const DAY_MS = 86_400_000;

/** Keeps the records that no reset covers. */
export function recordsAfterResets(records: readonly AcceptedRecord[], resets: readonly LookReset[]): AcceptedRecord[] {
  return records.filter((record) =>
    resets.every((reset) => (reset.category !== null && reset.category !== record.category) || record.id > reset.lastRecordId),
  );
}

/** Lower weighted median: the smallest value at which the cumulative weight reaches half. */
function weightedMedian(values: readonly { value: number; weight: number }[]): number {
  const sorted = [...values].sort((a, b) => a.value - b.value);
  const half = sorted.reduce((sum, entry) => sum + entry.weight, 0) / 2;
  let cumulative = 0;
  for (const entry of sorted) {
    cumulative += entry.weight;
    if (cumulative >= half) return entry.value;
  }
  return sorted[sorted.length - 1]?.value ?? 0;
}

/** Rounds to the slider step and clamps to the field's range. */
export function clampToRange(field: keyof PhotoAdjustments, value: number): number {
  const { min, max, step } = ADJUSTMENT_RANGES[field];
  const rounded = Math.round(value / step) * step;
  // Rounding to the step leaves binary noise such as 0.30000000000000004; 6 decimals is finer
  // than every step.
  return Number(Math.min(max, Math.max(min, rounded)).toFixed(6));
}

interface Centre {
  weight: number;
  values: Record<LearnedField, number>;
}

function centreOf(records: readonly AcceptedRecord[], options: Required<LearnOptions>): Centre {
  const weights = records.map((record) => Math.pow(0.5, Math.max(0, options.now - record.acceptedAt) / DAY_MS / options.halfLifeDays));
  const values = {} as Record<LearnedField, number>;
  for (const field of LEARNED_FIELDS) {
    values[field] = weightedMedian(records.map((record, index) => ({ value: record.adjustments[field], weight: weights[index]! })));
  }
  return { weight: weights.reduce((sum, weight) => sum + weight, 0), values };
}

function settingsOf(values: Record<LearnedField, number>): LearnedSettings {
  const settings: LearnedSettings = {};
  for (const field of LEARNED_FIELDS) settings[field] = clampToRange(field, values[field]);
  return settings;
}

/** Learns the overall look and one look per category from accepted records. */
export function learnLook(records: readonly AcceptedRecord[], options: LearnOptions): LearnedLook {
  const resolved: Required<LearnOptions> = {
    now: options.now,
    halfLifeDays: options.halfLifeDays ?? DEFAULT_HALF_LIFE_DAYS,
    shrinkSamples: options.shrinkSamples ?? DEFAULT_SHRINK_SAMPLES,
  };
  const shrink = (weight: number) => weight / (weight + resolved.shrinkSamples);
  if (records.length === 0) return { categories: [], overall: { samples: 0, settings: {} } };

  // Overall look, shrunk toward no offset.
  const overallCentre = centreOf(records, resolved);
  const overallValues = {} as Record<LearnedField, number>;
  for (const field of LEARNED_FIELDS) overallValues[field] = shrink(overallCentre.weight) * overallCentre.values[field];

  // Per category, shrunk toward the overall look.
  const byCategory = new Map<string, AcceptedRecord[]>();
  for (const record of records) byCategory.set(record.category, [...(byCategory.get(record.category) ?? []), record]);
  const categories = [...byCategory.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([category, group]) => {
      const centre = centreOf(group, resolved);
      const weight = shrink(centre.weight);
      const values = {} as Record<LearnedField, number>;
      for (const field of LEARNED_FIELDS) values[field] = weight * centre.values[field] + (1 - weight) * overallValues[field];
      return { category, samples: group.length, settings: settingsOf(values) };
    });

  return { categories, overall: { samples: records.length, settings: settingsOf(overallValues) } };
}

/** Returns the settings a new photo of `category` starts with: its category's, else the overall look. */
export function settingsForCategory(look: LearnedLook, category: string): LearnedSettings {
  return look.categories.find((group) => group.category === category)?.settings ?? look.overall.settings;
}

/**
 * Adjustment a person still has to make to get from `start` to `final`: the sum over the
 * learned fields of |final − start|, each divided by the width of its range (so 1 means one
 * field moved across its whole range).
 */
export function adjustmentEffort(final: Pick<PhotoAdjustments, LearnedField>, start: LearnedSettings): number {
  let effort = 0;
  for (const field of LEARNED_FIELDS) {
    const { min, max } = ADJUSTMENT_RANGES[field];
    effort += Math.abs(final[field] - (start[field] ?? 0)) / (max - min);
  }
  return effort;
}

export interface LearningEvaluation {
  trainRecords: number;
  heldBackPhotos: number;
  /** Mean adjustment effort per held-back photo, starting from no offsets. */
  effortWithout: number;
  /** The same, starting from the learned settings of each photo's category. */
  effortWith: number;
  /** 1 − effortWith / effortWithout. */
  reduction: number;
  /** Mean effort after a reset of every category (should equal effortWithout). */
  effortAfterReset: number;
  look: LearnedLook;
}

/** Hidden preferred look per category of the simulated shop. */
export const SIMULATED_SHOP_LOOK: Record<string, Pick<PhotoAdjustments, LearnedField>> = {
  ring: { exposure: 0.4, warmth: 12, margin: 0.03, shadow: 0.35, contrast: 0.25 },
  necklace: { exposure: 0.2, warmth: -15, margin: -0.04, shadow: 0.1, contrast: 0.4 },
  earring: { exposure: 0.6, warmth: 25, margin: 0.05, shadow: 0.5, contrast: 0.1 },
  pendant: { exposure: -0.3, warmth: 5, margin: 0.02, shadow: 0.2, contrast: 0.3 },
};

export interface SimulationOptions {
  seed?: number;
  /** Accepted photos per category used for learning. */
  trainPerCategory?: number;
  /** Photos per category held back for the evaluation. */
  heldBackPerCategory?: number;
  /** Per-photo noise as a standard deviation in fractions of each field's range. */
  noise?: number;
}

/**
 * Simulates a shop: each photo's final adjustments are its category's hidden look plus
 * per-photo noise. Learns from the training photos (accepted over the last 60 days) and
 * measures on the held-back photos how much a person still adjusts with and without the
 * learned settings.
 */
export function evaluateLearning(options: SimulationOptions = {}): LearningEvaluation {
  const random = mulberry32(options.seed ?? 1);
  const trainPerCategory = options.trainPerCategory ?? 20;
  const heldBackPerCategory = options.heldBackPerCategory ?? 20;
  const noise = options.noise ?? 0.04;
  const now = Date.UTC(2026, 0, 1);

  const photoOf = (category: string): Pick<PhotoAdjustments, LearnedField> => {
    const look = SIMULATED_SHOP_LOOK[category]!;
    const final = {} as Pick<PhotoAdjustments, LearnedField>;
    for (const field of LEARNED_FIELDS) {
      const { min, max } = ADJUSTMENT_RANGES[field];
      final[field] = clampToRange(field, look[field] + standardNormalPair(random)[0] * noise * (max - min));
    }
    return final;
  };

  const records: AcceptedRecord[] = [];
  const heldBack: { category: string; final: Pick<PhotoAdjustments, LearnedField> }[] = [];
  for (const category of Object.keys(SIMULATED_SHOP_LOOK)) {
    for (let i = 0; i < trainPerCategory; i += 1) {
      records.push({ id: records.length + 1, category, adjustments: photoOf(category), acceptedAt: now - random() * 60 * DAY_MS });
    }
    for (let i = 0; i < heldBackPerCategory; i += 1) heldBack.push({ category, final: photoOf(category) });
  }

  const look = learnLook(records, { now });
  const afterReset = learnLook(recordsAfterResets(records, [{ category: null, lastRecordId: records.length }]), { now });
  const mean = (effort: (photo: (typeof heldBack)[number]) => number) => heldBack.reduce((sum, photo) => sum + effort(photo), 0) / heldBack.length;

  const effortWithout = mean((photo) => adjustmentEffort(photo.final, {}));
  const effortWith = mean((photo) => adjustmentEffort(photo.final, settingsForCategory(look, photo.category)));
  const effortAfterReset = mean((photo) => adjustmentEffort(photo.final, settingsForCategory(afterReset, photo.category)));
  return {
    trainRecords: records.length,
    heldBackPhotos: heldBack.length,
    effortWithout,
    effortWith,
    reduction: effortWithout === 0 ? 0 : 1 - effortWith / effortWithout,
    effortAfterReset,
    look,
  };
}
