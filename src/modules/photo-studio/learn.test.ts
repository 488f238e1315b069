import { describe, expect, it } from 'vitest';

import {
  adjustmentEffort,
  evaluateLearning,
  learnLook,
  recordsAfterResets,
  settingsForCategory,
  SIMULATED_SHOP_LOOK,
  type AcceptedRecord,
} from './learn.js';
import { ADJUSTMENT_RANGES } from './pipeline-types.js';

const NOW = Date.UTC(2026, 5, 1);
const DAY = 86_400_000;

function record(id: number, category: string, exposure: number, daysAgo = 0): AcceptedRecord {
  return { id, category, adjustments: { exposure, warmth: 0, margin: 0, shadow: 0, contrast: 0 }, acceptedAt: NOW - daysAgo * DAY };
}

describe('learnLook', () => {
  it('returns no settings without records', () => {
    const look = learnLook([], { now: NOW });
    expect(look.categories).toEqual([]);
    expect(look.overall).toEqual({ samples: 0, settings: {} });
  });

  it('ignores an outlier photo', () => {
    const records = [...Array.from({ length: 20 }, (_, i) => record(i + 1, 'ring', 0.5)), record(21, 'ring', -2)];
    const look = learnLook(records, { now: NOW });
    const ring = settingsForCategory(look, 'ring');
    // 20 samples of weight about 1 keep 20 / 23 of the category's median 0.5, the rest is the
    // overall look (also 0.5, shrunk by 21 / 24).
    expect(ring.exposure).toBeGreaterThan(0.4);
    expect(ring.exposure).toBeLessThanOrEqual(0.5);
  });

  it('shrinks a small category toward the overall look', () => {
    const records = [...Array.from({ length: 30 }, (_, i) => record(i + 1, 'ring', 1)), record(31, 'brooch', -1)];
    const look = learnLook(records, { now: NOW });
    const brooch = settingsForCategory(look, 'brooch').exposure!;
    // One sample weighs 1 / (1 + 3): the brooch starts nearer the shop's overall look than
    // its only photo.
    expect(brooch).toBeGreaterThan(0);
    expect(look.categories.find((group) => group.category === 'brooch')?.samples).toBe(1);
  });

  it('weights recent records more', () => {
    const old = Array.from({ length: 10 }, (_, i) => record(i + 1, 'ring', -1, 400));
    const recent = Array.from({ length: 6 }, (_, i) => record(i + 11, 'ring', 1, 1));
    const exposure = settingsForCategory(learnLook([...old, ...recent], { now: NOW }), 'ring').exposure!;
    expect(exposure).toBeGreaterThan(0);
  });

  it('clamps and rounds to the ranges', () => {
    const records = Array.from({ length: 50 }, (_, i) => ({
      ...record(i + 1, 'ring', 2),
      adjustments: { exposure: 2, warmth: 100, margin: 0.1, shadow: 1, contrast: 0.333333 },
    }));
    const settings = settingsForCategory(learnLook(records, { now: NOW }), 'ring');
    for (const [field, value] of Object.entries(settings)) {
      const range = ADJUSTMENT_RANGES[field as keyof typeof ADJUSTMENT_RANGES];
      expect(value, field).toBeGreaterThanOrEqual(range.min);
      expect(value, field).toBeLessThanOrEqual(range.max);
      const steps = value / range.step;
      expect(Math.abs(steps - Math.round(steps)), field).toBeLessThan(1e-6);
    }
    expect(settings).not.toHaveProperty('rotate');
  });

  it('uses the overall look for an unknown category', () => {
    const look = learnLook(Array.from({ length: 10 }, (_, i) => record(i + 1, 'ring', 1)), { now: NOW });
    expect(settingsForCategory(look, 'watch')).toEqual(look.overall.settings);
  });
});

describe('recordsAfterResets', () => {
  const records = [record(1, 'ring', 1), record(2, 'necklace', 1), record(3, 'ring', 1)];

  it('drops one category up to the reset', () => {
    const kept = recordsAfterResets(records, [{ category: 'ring', lastRecordId: 2 }]);
    expect(kept.map((entry) => entry.id)).toEqual([2, 3]);
  });

  it('drops every category for a full reset', () => {
    expect(recordsAfterResets(records, [{ category: null, lastRecordId: 3 }])).toEqual([]);
  });
});

describe('adjustmentEffort', () => {
  it('normalises each field by its range', () => {
    const final = { exposure: 2, warmth: 0, margin: 0, shadow: 1, contrast: 0 };
    // exposure 2 of a width of 4, shadow 1 of a width of 1.
    expect(adjustmentEffort(final, {})).toBeCloseTo(1.5, 9);
    expect(adjustmentEffort(final, { exposure: 2, shadow: 1 })).toBe(0);
  });
});

describe('evaluateLearning', () => {
  const evaluation = evaluateLearning({ seed: 7 });

  it('halves the adjustment on held-back photos', () => {
    expect(evaluation.heldBackPhotos).toBe(80);
    expect(evaluation.effortWithout).toBeGreaterThan(0);
    expect(evaluation.reduction).toBeGreaterThanOrEqual(0.5);
  });

  it('learns each hidden look closely', () => {
    // The shrinkage toward the overall look leaves up to about a fifth of the gap with 20
    // samples of 0 to 60 days.
    for (const [category, hidden] of Object.entries(SIMULATED_SHOP_LOOK)) {
      const learned = settingsForCategory(evaluation.look, category);
      expect(adjustmentEffort(hidden, learned), category).toBeLessThan(0.25);
    }
  });

  it('returns to no offsets after reset', () => {
    expect(evaluation.effortAfterReset).toBeCloseTo(evaluation.effortWithout, 9);
  });

  it('still helps with few photos', () => {
    const small = evaluateLearning({ seed: 3, trainPerCategory: 3 });
    expect(small.reduction).toBeGreaterThan(0.3);
  });
});
