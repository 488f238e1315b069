import { readFileSync, readdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { distanceToForeground } from './distance.js';
import {
  adaptiveEMeasure,
  adaptiveFMeasure,
  adaptiveIou,
  binarizeMask,
  boundaryIou,
  eMeasureCurve,
  fMeasureCurve,
  iou,
  iouCurve,
  meanAbsoluteError,
  normalizePrediction,
  sMeasure,
  THRESHOLD_COUNT,
  weightedFMeasure,
} from './metrics.js';

// The shared data sits beside the repository: <repo>/../shared/data/real/sod-metrics.
const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const SOD = resolve(REPO, '../shared/data/real/sod-metrics');
const GOLDEN_VERSION = 'v1_4_3';
const TOLERANCE = 1e-6;

async function readGray(path: string): Promise<{ data: Uint8Array; width: number; height: number }> {
  const { data, info } = await sharp(path).grayscale().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}

/** Mask from a picture drawn with '#' (object) and '.' (background). */
function draw(rows: string[]): { mask: Uint8Array; width: number; height: number } {
  const width = rows[0]!.length;
  const mask = new Uint8Array(width * rows.length);
  rows.forEach((row, y) => [...row].forEach((c, x) => (mask[y * width + x] = c === '#' ? 1 : 0)));
  return { mask, width, height: rows.length };
}

describe('published values (PySODMetrics examples)', async () => {
  const golden = JSON.parse(readFileSync(resolve(SOD, 'version_performance.json'), 'utf8'))[GOLDEN_VERSION] as Record<string, number>;
  const names = readdirSync(resolve(SOD, 'masks')).filter((n) => n.endsWith('.png')).sort();

  const sums: Record<string, number> = {};
  const curves: Record<string, Float64Array> = {
    Fm: new Float64Array(THRESHOLD_COUNT),
    Em: new Float64Array(THRESHOLD_COUNT),
    iou: new Float64Array(THRESHOLD_COUNT),
  };
  const add = (key: string, v: number): void => void (sums[key] = (sums[key] ?? 0) + v);
  const addCurve = (key: string, c: Float64Array): void => c.forEach((v, t) => (curves[key]![t] = curves[key]![t]! + v));

  for (const name of names) {
    const gtImage = await readGray(resolve(SOD, 'masks', name));
    const predImage = await readGray(resolve(SOD, 'preds', name));
    const { width, height } = gtImage;
    const gt = binarizeMask(gtImage.data);
    const pred = normalizePrediction(predImage.data);

    add('MAE', meanAbsoluteError(pred, gt));
    add('Smeasure', sMeasure(pred, gt, width, height));
    add('wFmeasure', weightedFMeasure(pred, gt, width, height));
    add('adpFm', adaptiveFMeasure(pred, gt));
    add('adpEm', adaptiveEMeasure(pred, gt));
    add('adpiou', adaptiveIou(pred, gt));
    addCurve('Fm', fMeasureCurve(pred, gt));
    addCurve('Em', eMeasureCurve(pred, gt));
    addCurve('iou', iouCurve(pred, gt));
  }

  const n = names.length;
  const computed: Record<string, number> = {};
  for (const [k, v] of Object.entries(sums)) computed[k] = v / n;
  for (const [k, c] of Object.entries(curves)) {
    const mean = c.map((v) => v / n);
    computed[`max${k}`] = Math.max(...mean);
    computed[`mean${k}`] = mean.reduce((a, b) => a + b, 0) / mean.length;
  }

  it('uses all three pairs', () => {
    expect(names).toHaveLength(3);
  });

  for (const key of ['MAE', 'Smeasure', 'wFmeasure', 'maxFm', 'meanFm', 'adpFm', 'maxEm', 'meanEm', 'adpEm', 'maxiou', 'meaniou', 'adpiou']) {
    it(`${key} matches ${GOLDEN_VERSION} to ${TOLERANCE}`, () => {
      expect(golden[key], `golden ${key}`).toBeTypeOf('number');
      const error = Math.abs(computed[key]! - golden[key]!);
      expect(error, `${key}: computed ${computed[key]}, published ${golden[key]}`).toBeLessThan(TOLERANCE);
    });
  }
});

describe('iou', () => {
  it('counts intersection over union', () => {
    const a = draw(['##..', '##..']);
    const b = draw(['.##.', '.##.']);
    // Intersection 2 pixels, union 6.
    expect(iou(a.mask, b.mask)).toBeCloseTo(2 / 6, 12);
    expect(iou(a.mask, a.mask)).toBe(1);
  });

  it('treats two empty masks as equal', () => {
    expect(iou(new Uint8Array(4), new Uint8Array(4))).toBe(1);
  });

  it('rejects masks of different sizes', () => {
    expect(() => iou(new Uint8Array(4), new Uint8Array(5))).toThrow(RangeError);
  });
});

describe('boundaryIou', () => {
  it('is 1 for identical masks and uses the whole small mask as band', () => {
    const a = draw(['.......', '.#####.', '.#####.', '.......']);
    expect(boundaryIou(a.mask, a.mask, a.width, a.height)).toBe(1);
  });

  it('compares only the 3 px inner bands', () => {
    // 10 × 10 square in a 12 × 12 image; its band is the square minus the 4 × 4 core = 84 px.
    // The prediction adds one column on the right (11 × 10): band 110 - 4 × 5 = 90 px.
    const gtRows: string[] = [];
    const predRows: string[] = [];
    for (let y = 0; y < 12; y++) {
      const inside = y >= 1 && y <= 10;
      gtRows.push(inside ? '.' + '#'.repeat(10) + '.' : '.'.repeat(12));
      predRows.push(inside ? '.' + '#'.repeat(11) : '.'.repeat(12));
    }
    const gt = draw(gtRows);
    const pred = draw(predRows);
    // Gt band: rows 1–3 and 8–10 fully (60) plus columns 1–3 and 8–10 of rows 4–7 (24) = 84.
    // Pred band (columns 1–11): core is columns 4–8 of rows 4–7 (20 px), band 90.
    // Intersection: gt band minus gt-band pixels in pred core (column 8, rows 4–7: 4 px) = 80.
    // Union: 84 + 90 - 80 = 94.
    expect(boundaryIou(pred.mask, gt.mask, 12, 12)).toBeCloseTo(80 / 94, 12);
    // The band width is a parameter: with d = 1 the interiors differ in more pixels.
    expect(boundaryIou(pred.mask, gt.mask, 12, 12, 1)).not.toBeCloseTo(80 / 94, 3);
  });

  it('counts the image edge as outside the mask', () => {
    const full = new Uint8Array(100).fill(1);
    // A full 10 × 10 mask has a 3 px band along the edges: 100 - 16 = 84 px, equal to itself.
    expect(boundaryIou(full, full, 10, 10)).toBe(1);
  });
});

describe('meanAbsoluteError', () => {
  it('averages absolute differences', () => {
    const pred = new Float32Array([0, 0.5, 1, 0.25]);
    const gt = new Uint8Array([0, 1, 1, 1]);
    expect(meanAbsoluteError(pred, gt)).toBeCloseTo((0 + 0.5 + 0 + 0.75) / 4, 7);
  });
});

describe('normalizePrediction and binarizeMask', () => {
  it('stretches min–max and keeps constant maps', () => {
    const stretched = normalizePrediction(new Uint8Array([51, 102, 153]));
    expect(stretched[0]).toBe(0);
    expect(stretched[1]).toBeCloseTo(0.5, 12);
    expect(stretched[2]).toBe(1);
    expect([...normalizePrediction(new Uint8Array([255, 255]))]).toEqual([1, 1]);
    expect([...binarizeMask(new Uint8Array([0, 127, 128, 255]))]).toEqual([0, 0, 1, 1]);
  });
});

describe('perfect and degenerate predictions', () => {
  const { mask, width, height } = draw(['......', '.###..', '.###..', '......']);
  const perfect = Float64Array.from(mask);

  it('score 1 (or 0 error) on a perfect prediction', () => {
    expect(meanAbsoluteError(perfect, mask)).toBe(0);
    expect(sMeasure(perfect, mask, width, height)).toBeCloseTo(1, 9);
    expect(weightedFMeasure(perfect, mask, width, height)).toBeCloseTo(1, 9);
    expect(Math.max(...fMeasureCurve(perfect, mask))).toBeCloseTo(1, 12);
    expect(Math.max(...eMeasureCurve(perfect, mask))).toBeCloseTo(24 / 23, 9);
  });

  it('handle an empty mask as the papers define', () => {
    const empty = new Uint8Array(mask.length);
    expect(sMeasure(new Float64Array(mask.length), empty, width, height)).toBe(1);
    expect(weightedFMeasure(perfect, empty, width, height)).toBe(0);
  });
});

describe('distanceToForeground', () => {
  it('matches brute force, with a nearest pixel at that distance', () => {
    const width = 23;
    const height = 17;
    const mask = new Uint8Array(width * height);
    let seed = 7;
    for (let i = 0; i < mask.length; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      mask[i] = seed % 29 === 0 ? 1 : 0;
    }
    const { distance, nearest } = distanceToForeground(mask, width, height);
    for (let i = 0; i < mask.length; i++) {
      let best = Infinity;
      for (let j = 0; j < mask.length; j++) {
        if (!mask[j]) continue;
        best = Math.min(best, Math.hypot((i % width) - (j % width), Math.floor(i / width) - Math.floor(j / width)));
      }
      expect(distance[i]).toBeCloseTo(best, 12);
      const j = nearest[i]!;
      expect(mask[j]).toBe(1);
      expect(Math.hypot((i % width) - (j % width), Math.floor(i / width) - Math.floor(j / width))).toBeCloseTo(best, 12);
    }
  });
});
