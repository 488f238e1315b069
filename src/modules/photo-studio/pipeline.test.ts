import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { rejectionOf } from '../../../test/helpers/errors.js';
import { complianceFraction } from './compliance.js';
import { binarizeMask, iou } from './metrics.js';
import { correctPhoto } from './pipeline.js';
import { CHANNEL_PRESET_IDS, PRESETS } from './presets.js';
import { generateSyntheticPhoto, type SyntheticPhoto } from './synthetic.js';

const RINGS = path.resolve(import.meta.dirname, '../../../../shared/data/real/photos/rings');

async function rgbOf(bytes: Uint8Array) {
  const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

async function maskOf(png: Uint8Array): Promise<Uint8Array> {
  const { data } = await sharp(png).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
  return binarizeMask(new Uint8Array(data));
}

/** Mean of one channel over the pixels darker than the white canvas (the piece). */
function pieceMean(rgb: { data: Buffer }, channel: number): number {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < rgb.data.length; i += 3) {
    if (rgb.data[i]! > 250 && rgb.data[i + 1]! > 250 && rgb.data[i + 2]! > 250) continue;
    sum += rgb.data[i + channel]!;
    count++;
  }
  return sum / count;
}

describe('photo pipeline', () => {
  let ring: Buffer;
  let synthetic: SyntheticPhoto;

  beforeAll(async () => {
    ring = await readFile(path.join(RINGS, 'images/ring3.jpg'));
    synthetic = await generateSyntheticPhoto(4242, { size: 640, kind: 'ring', background: 'grey' });
  });

  it('meets every rule of every channel preset for a real ring', async () => {
    for (const id of CHANNEL_PRESET_IDS) {
      const result = await correctPhoto(ring, { preset: PRESETS[id], fileName: 'ring3.jpg' });
      // ring3.jpg is 600 px wide, so the larger presets enlarge it more than twice.
      const presetRules = result.compliance.filter((rule) => rule.rule !== 'resolution');
      expect(presetRules.filter((rule) => !rule.ok), id).toEqual([]);
      expect(complianceFraction(presetRules)).toBe(1);
      const resolution = result.compliance.find((rule) => rule.rule === 'resolution')!;
      expect(resolution.ok, id).toBe(Number(resolution.measured) <= 2);
      expect([result.image.width, result.image.height]).toEqual([PRESETS[id].width, PRESETS[id].height]);
      expect(result.timings.map((t) => t.step)).toEqual(['decode', 'segment', 'matte', 'colour', 'frame', 'composite', 'encode', 'check']);
    }
  });

  it('finds a synthetic ring on a grey table with its hole open', async () => {
    const result = await correctPhoto(synthetic.image, { preset: PRESETS.rakuten });
    const predicted = await maskOf(result.maskPng);
    expect(predicted.length).toBe(synthetic.width * synthetic.height);
    // A floor against regressions; `npm run bench -- photos` reports the measured quality.
    expect(iou(predicted, binarizeMask(synthetic.mask))).toBeGreaterThan(0.7);
    for (const hole of synthetic.holes) expect(predicted[Math.round(hole.y) * synthetic.width + Math.round(hole.x)]).toBe(0);

    // The grey table is the white reference: the piece comes out on pure white, brighter.
    expect(result.auto.exposure).toBeGreaterThan(0.1);
    expect(result.auto.segmenter).toBe('classical');
  });

  it('writes large photos\' masks at full size', async () => {
    const large = await generateSyntheticPhoto(4243, { width: 1800, height: 1350, kind: 'earrings' });
    const result = await correctPhoto(large.image, { preset: PRESETS.rakuten });
    const { info } = await sharp(result.maskPng).toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([1800, 1350]);

    const predicted = await maskOf(result.maskPng);
    expect(iou(predicted, binarizeMask(large.mask))).toBeGreaterThan(0.8);
  });

  it('applies exposure, warmth, margin, rotation and shadow', async () => {
    const preset = PRESETS.shopify;
    const base = await correctPhoto(synthetic.image, { preset });
    const brighter = await correctPhoto(synthetic.image, { preset, adjustments: { exposure: 0.7 } });
    const warmer = await correctPhoto(synthetic.image, { preset, adjustments: { warmth: 80 } });
    const smaller = await correctPhoto(synthetic.image, { preset, adjustments: { margin: 0.08 } });
    const shadowed = await correctPhoto(synthetic.image, { preset, adjustments: { shadow: 1 } });

    const baseRgb = await rgbOf(base.image.bytes);
    expect(pieceMean(await rgbOf(brighter.image.bytes), 1)).toBeGreaterThan(pieceMean(baseRgb, 1) + 5);
    const warm = await rgbOf(warmer.image.bytes);
    expect(pieceMean(warm, 0) - pieceMean(warm, 2)).toBeGreaterThan(pieceMean(baseRgb, 0) - pieceMean(baseRgb, 2) + 5);
    expect(smaller.auto.fill).toBeLessThan(base.auto.fill - 0.1);
    expect(brighter.adjustments.exposure).toBe(0.7);

    // A shadow darkens the table next to the piece, never the border.
    let darker = 0;
    const shadowRgb = await rgbOf(shadowed.image.bytes);
    for (let i = 0; i < baseRgb.data.length; i++) if (shadowRgb.data[i]! < baseRgb.data[i]! - 10) darker++;
    expect(darker).toBeGreaterThan(1000);
    expect(shadowed.compliance.filter((rule) => !rule.ok && rule.rule !== 'resolution')).toEqual([]);
  });

  it('turns the piece with the rotation', async () => {
    const wide = await generateSyntheticPhoto(77, { width: 640, height: 480, kind: 'chain' });
    const flat = await correctPhoto(wide.image, { preset: PRESETS.shopify });
    const turned = await correctPhoto(wide.image, { preset: PRESETS.shopify, adjustments: { rotate: 90 } });
    const box = async (bytes: Uint8Array) => {
      const rgb = await rgbOf(bytes);
      let [left, right, top, bottom] = [rgb.width, 0, rgb.height, 0];
      for (let y = 0; y < rgb.height; y++) {
        for (let x = 0; x < rgb.width; x++) {
          if (rgb.data[3 * (y * rgb.width + x) + 1]! > 240) continue;
          left = Math.min(left, x);
          right = Math.max(right, x);
          top = Math.min(top, y);
          bottom = Math.max(bottom, y);
        }
      }
      return { w: right - left, h: bottom - top };
    };
    const before = await box(flat.image.bytes);
    const after = await box(turned.image.bytes);
    expect(Math.sign(before.w - before.h)).toBe(-Math.sign(after.w - after.h));
  });

  it('follows brush strokes that add to and remove from the mask', async () => {
    const { width, height } = synthetic;
    const removeAll = correctPhoto(synthetic.image, {
      preset: PRESETS.rakuten,
      maskStrokes: [{ mode: 'add', radius: 20, points: [[40, 40]] }, ...coverWith(width, height, 'remove')],
    });
    expect((await rejectionOf(removeAll)).code).toBe('photo_no_piece');

    const added = await correctPhoto(synthetic.image, { preset: PRESETS.rakuten, maskStrokes: [{ mode: 'add', radius: 12, points: [[30, 30], [60, 30]] }] });
    const mask = await maskOf(added.maskPng);
    expect(mask[30 * width + 45]).toBe(1);
  });

  it('keeps a transparent cut-out when asked', async () => {
    const result = await correctPhoto(synthetic.image, { preset: PRESETS.rakuten, transparent: true });
    expect(result.image.format).toBe('png');
    const { data, info } = await sharp(result.image.bytes).raw().toBuffer({ resolveWithObject: true });
    expect(info.channels).toBe(4);
    expect(data[3]).toBe(0);
  });

  it('flags a photo enlarged more than twice', async () => {
    const small = await sharp(ring).resize(150).jpeg().toBuffer();
    const result = await correctPhoto(small, { preset: PRESETS.amazon });
    const resolution = result.compliance.find((rule) => rule.rule === 'resolution')!;
    expect(resolution.ok).toBe(false);
    expect(Number(resolution.measured)).toBeGreaterThan(10);
  });

  it('says so when it finds no piece', async () => {
    const blank = await sharp({ create: { width: 400, height: 300, channels: 3, background: { r: 236, g: 236, b: 240 } } })
      .jpeg()
      .toBuffer();
    const error = await rejectionOf(correctPhoto(blank, { preset: PRESETS.yahoo, fileName: 'blank.jpg' }));
    expect(error.code).toBe('photo_no_piece');
    expect(error.ja).toContain('blank.jpg');
    expect(error.en).toContain('No piece was found');
  });
});

/** Strokes that sweep the whole photo, row by row. */
function coverWith(width: number, height: number, mode: 'add' | 'remove') {
  const strokes = [];
  for (let y = 0; y <= height; y += 30) strokes.push({ mode, radius: 25, points: [[0, y], [width, y]] as [number, number][] });
  return strokes;
}
