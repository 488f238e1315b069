import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { complianceFraction, type RuleResult } from '../src/modules/photo-studio/compliance.js';
import {
  binarizeMask,
  boundaryIou,
  eMeasureCurve,
  fMeasureCurve,
  iou,
  meanAbsoluteError,
  sMeasure,
  weightedFMeasure,
} from '../src/modules/photo-studio/metrics.js';
import { evaluateLearning } from '../src/modules/photo-studio/learn.js';
import { correctPhoto } from '../src/modules/photo-studio/pipeline.js';
import { CHANNEL_PRESET_IDS, PRESETS } from '../src/modules/photo-studio/presets.js';
import { generateSyntheticPhoto, SYNTHETIC_KINDS } from '../src/modules/photo-studio/synthetic.js';
import { isDomainError } from '../src/shared/errors.js';
import { bestRegistration, type Registration } from './mask-registration.js';
import { percentile, progress, round } from './measure.js';

// `npm run bench -- photos`: the photo studio's quality and speed.
// - Quality: every photo of the real ring set (../shared/data/real/photos/rings, hand-made
//   masks thresholded at 128) and of a seeded synthetic set runs through the pipeline; its
//   predicted mask (at the photo's size) is scored against the true mask with IoU, boundary
//   IoU (3 px), MAE, maximum F-measure, weighted F-measure, S-measure and maximum E-measure.
//   For each real photo it also finds the shift and growth of the prediction that fit the
//   hand mask best (`iou_real_best_fit`), which shows how far the hand masks are offset.
// - Compliance: each output, for every channel preset, is checked against the preset's rules
//   (border exactly white, fill, margins, size, bytes); the figure is the share of outputs
//   that pass every rule.
// - Learning: evaluateLearning's simulated shop (learn.ts), held-back photos' adjustment
//   effort without and with the learned settings.
// - Speed: the whole pipeline, for the Rakuten preset, on synthetic 2000 × 2000 and
//   4000 × 3000 (12-megapixel) photos, one at a time as the studio's workers run them.
// Options: --synthetic N (photos, default 40), --timed N (photos per size, default 12),
// --seed S, --real DIR.

const HERE = path.dirname(fileURLToPath(import.meta.url));
const DEFAULT_REAL = path.resolve(HERE, '../../shared/data/real/photos/rings');

interface Scores {
  name: string;
  iou: number;
  boundaryIou: number;
  mae: number;
  maxF: number;
  weightedF: number;
  sMeasure: number;
  maxE: number;
  compliance: number;
  failedRules: string[];
  /** Real photos only: the best fit of the prediction to the hand mask (mask-registration.ts). */
  registration?: Registration;
}

async function greyPlane(bytes: Uint8Array | string, width: number, height: number): Promise<Uint8Array> {
  const { data, info } = await sharp(bytes).rotate().greyscale().raw().toBuffer({ resolveWithObject: true });
  if (info.width !== width || info.height !== height) {
    throw new Error(`mask is ${info.width}x${info.height}, photo ${width}x${height}`);
  }
  return new Uint8Array(data.buffer, data.byteOffset, width * height);
}

/** Runs the photo through every channel preset; scores the mask of the first run. */
async function scorePhoto(name: string, image: Uint8Array, truth: Uint8Array, options: { register?: boolean } = {}): Promise<Scores> {
  const rules: RuleResult[][] = [];
  let maskPng: Buffer | null = null;
  let size = { width: 0, height: 0 };
  for (const id of CHANNEL_PRESET_IDS) {
    const result = await correctPhoto(image, { preset: PRESETS[id], fileName: name });
    rules.push(result.compliance);
    maskPng ??= result.maskPng;
    size = result.source;
  }

  const predicted = await greyPlane(maskPng!, size.width, size.height);
  const pred = binarizeMask(predicted);
  const gt = truth;
  const soft = new Float64Array(predicted.length);
  for (let i = 0; i < soft.length; i++) soft[i] = predicted[i]! / 255;
  // Compliance counts the channel's own rules; 'resolution' is the studio's warning about a
  // photo too small for the preset, reported apart.
  const presetRules = rules.map((set) => set.filter((rule) => rule.rule !== 'resolution'));
  const passed = presetRules.filter((set) => complianceFraction(set) === 1).length;
  return {
    name,
    iou: iou(pred, gt),
    boundaryIou: boundaryIou(pred, gt, size.width, size.height),
    mae: meanAbsoluteError(soft, gt),
    maxF: Math.max(...fMeasureCurve(soft, gt)),
    weightedF: weightedFMeasure(soft, gt, size.width, size.height),
    sMeasure: sMeasure(soft, gt, size.width, size.height),
    maxE: Math.max(...eMeasureCurve(soft, gt)),
    compliance: passed / rules.length,
    failedRules: presetRules.flatMap((set, i) => set.filter((rule) => !rule.ok).map((rule) => `${CHANNEL_PRESET_IDS[i]}:${rule.rule}`)),
    registration: options.register ? bestRegistration(pred, gt, size.width, size.height) : undefined,
  };
}

function mean(rows: Scores[], key: keyof Omit<Scores, 'name' | 'failedRules' | 'registration'>): number {
  return rows.reduce((sum, row) => sum + row[key], 0) / Math.max(1, rows.length);
}

function printTable(title: string, rows: Scores[]): void {
  progress(`${title}: name, IoU, boundary IoU, MAE, max F, weighted F, S, max E, compliance`);
  for (const row of rows) {
    const cells = [row.iou, row.boundaryIou, row.mae, row.maxF, row.weightedF, row.sMeasure, row.maxE, row.compliance].map((v) => v.toFixed(3));
    progress(`  ${row.name.padEnd(22)} ${cells.join('  ')}${row.failedRules.length ? `  failed: ${row.failedRules.join(' ')}` : ''}`);
  }
  const keys = ['iou', 'boundaryIou', 'mae', 'maxF', 'weightedF', 'sMeasure', 'maxE', 'compliance'] as const;
  progress(`  ${'mean'.padEnd(22)} ${keys.map((key) => mean(rows, key).toFixed(3)).join('  ')}`);
  for (const { name, registration: fit } of rows) {
    if (fit) progress(`  ${name.padEnd(22)} best fit to the hand mask: IoU ${fit.iou.toFixed(3)} after a shift of (${fit.dx}, ${fit.dy}) px and growth of ${fit.radius} px`);
  }
}

/** Metrics keep four decimals: the targets (0.95, 0.90, 0.80) are closer than round() shows. */
function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

function summary(rows: Scores[]) {
  return {
    photos: rows.length,
    iou: round4(mean(rows, 'iou')),
    boundary_iou: round4(mean(rows, 'boundaryIou')),
    mae: round4(mean(rows, 'mae')),
    max_f: round4(mean(rows, 'maxF')),
    weighted_f: round4(mean(rows, 'weightedF')),
    s_measure: round4(mean(rows, 'sMeasure')),
    max_e: round4(mean(rows, 'maxE')),
  };
}

async function realSet(dir: string): Promise<Scores[]> {
  if (!existsSync(path.join(dir, 'images'))) {
    progress(`real set not found at ${dir}; skipped`);
    return [];
  }
  const { readdir } = await import('node:fs/promises');
  const names = (await readdir(path.join(dir, 'images'))).filter((file) => /\.(jpe?g|png)$/i.test(file)).sort();
  const rows: Scores[] = [];
  for (const file of names) {
    const image = await readFile(path.join(dir, 'images', file));
    const meta = await sharp(image).rotate().toBuffer({ resolveWithObject: true });
    const mask = await greyPlane(path.join(dir, 'masks', file), meta.info.width, meta.info.height);
    rows.push(await scorePhoto(file, image, binarizeMask(threshold(mask)), { register: true }));
  }
  return rows;
}

/** The real masks are JPEG: values near 0 and 255 with artefacts between; 128 splits them. */
function threshold(mask: Uint8Array): Uint8Array {
  const out = new Uint8Array(mask.length);
  for (let i = 0; i < mask.length; i++) out[i] = mask[i]! >= 128 ? 255 : 0;
  return out;
}

async function syntheticSet(count: number, seed: number): Promise<Scores[]> {
  const rows: Scores[] = [];
  for (let i = 0; i < count; i++) {
    const kind = SYNTHETIC_KINDS[i % SYNTHETIC_KINDS.length]!;
    const photo = await generateSyntheticPhoto(seed + i, { size: 1024, kind });
    rows.push(await scorePhoto(`${String(i).padStart(3, '0')}-${kind}`, photo.image, binarizeMask(photo.mask)));
  }
  return rows;
}

/** Times the pipeline per photo; a photo it rejects still counts its time, and is reported. */
async function timeSize(width: number, height: number, count: number, seed: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const kind = SYNTHETIC_KINDS[i % SYNTHETIC_KINDS.length]!;
    const photo = await generateSyntheticPhoto(seed + 1000 + i, { width, height, kind });
    const started = performance.now();
    try {
      await correctPhoto(photo.image, { preset: PRESETS.rakuten, fileName: `timed-${i}` });
    } catch (error) {
      if (!isDomainError(error)) throw error;
      progress(`${width}x${height} photo ${i} (${kind}) rejected: ${error.messageIn('en')}`);
    }
    times.push(performance.now() - started);
  }
  return times;
}

export async function runPhotosBench(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      synthetic: { type: 'string', default: '40' },
      timed: { type: 'string', default: '12' },
      seed: { type: 'string', default: '20261205' },
      real: { type: 'string', default: DEFAULT_REAL },
    },
    strict: true,
  });
  const seed = Number(values.seed);

  const real = await realSet(path.resolve(values.real));
  printTable('real rings', real);
  const synthetic = await syntheticSet(Number(values.synthetic), seed);
  printTable('synthetic', synthetic);

  // One warm-up run so that the first timed photo does not pay for loading sharp's codecs.
  await timeSize(1000, 1000, 1, seed + 77);
  const count = Number(values.timed);
  const at2000 = await timeSize(2000, 2000, count, seed);
  progress(`2000x2000: ${at2000.map((ms) => Math.round(ms)).join(', ')} ms`);
  const at12mp = await timeSize(4000, 3000, count, seed + 500);
  progress(`4000x3000: ${at12mp.map((ms) => Math.round(ms)).join(', ')} ms`);

  // Learning the shop's look, on a simulated shop: what a person still adjusts on held-back
  // photos without and with the learned settings (sum of |difference| over each field's range).
  const learning = evaluateLearning({ seed });
  progress(`learning: effort ${learning.effortWithout.toFixed(3)} without, ${learning.effortWith.toFixed(3)} with the learned look`);

  const all = [...real, ...synthetic];
  const figures = {
    bench: 'photos',
    iou_synthetic: round4(mean(synthetic, 'iou')),
    iou_real: round4(mean(real, 'iou')),
    boundary_iou_synthetic: round4(mean(synthetic, 'boundaryIou')),
    boundary_iou_real: round4(mean(real, 'boundaryIou')),
    compliance: round4(mean(all, 'compliance')),
    p50_ms_2000: round(percentile(at2000, 50)),
    p95_ms_2000: round(percentile(at2000, 95)),
    p50_ms_12mp: round(percentile(at12mp, 50)),
    p95_ms_12mp: round(percentile(at12mp, 95)),
    learning_effort_without: round4(learning.effortWithout),
    learning_effort_with: round4(learning.effortWith),
    learning_reduction: round4(learning.reduction),
    iou_real_best_fit: round4(real.reduce((sum, row) => sum + (row.registration?.iou ?? row.iou), 0) / Math.max(1, real.length)),
    real: summary(real),
    synthetic: summary(synthetic),
    synthetic_iou_by_kind: Object.fromEntries(
      SYNTHETIC_KINDS.map((kind) => [kind, round4(mean(synthetic.filter((row) => row.name.endsWith(kind)), 'iou'))]),
    ),
  };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}
