import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { generateSyntheticPhoto, generateSyntheticSet, SYNTHETIC_KINDS, writeSyntheticSet } from './synthetic.js';
import { mulberry32 } from '../../shared/random.js';
import { hash2 } from './synthetic-shapes.js';

/** Bounding box of the mask's piece pixels, as a fraction of the frame area. */
function boxFraction(mask: Uint8Array, width: number, height: number): number {
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] === 0) continue;
    const x = i % width;
    const y = Math.floor(i / width);
    x0 = Math.min(x0, x);
    x1 = Math.max(x1, x);
    y0 = Math.min(y0, y);
    y1 = Math.max(y1, y);
  }
  return x1 < 0 ? 0 : ((x1 - x0 + 1) * (y1 - y0 + 1)) / (width * height);
}

describe('synthetic PRNG', () => {
  it('repeats for a seed and spreads over [0, 1)', () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    const values = Array.from({ length: 1000 }, () => a());
    expect(values).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    expect(values.reduce((s, v) => s + v, 0) / values.length).toBeCloseTo(0.5, 1);
    expect(hash2(3, 4)).toBe(hash2(3, 4));
    expect(hash2(3, 4)).not.toBe(hash2(4, 3));
  });
});

describe('generateSyntheticPhoto', () => {
  it('gives the same bytes and mask for the same seed, and others for another seed', async () => {
    const first = await generateSyntheticPhoto(11, { size: 256 });
    const again = await generateSyntheticPhoto(11, { size: 256 });
    const other = await generateSyntheticPhoto(12, { size: 256 });
    expect(again.image.equals(first.image)).toBe(true);
    expect(again.mask).toEqual(first.mask);
    expect(again.description).toBe(first.description);
    expect(other.image.equals(first.image)).toBe(false);
  });

  it('draws every kind with a sane, binary mask that decodes to the stated size', async () => {
    for (const kind of SYNTHETIC_KINDS) {
      for (const seed of [1, 2, 3]) {
        const photo = await generateSyntheticPhoto(seed, { size: 512, kind });
        expect(photo.kind).toBe(kind);
        const meta = await sharp(photo.image).metadata();
        expect([meta.format, meta.width, meta.height, meta.channels]).toEqual(['jpeg', 512, 512, 3]);
        expect(photo.mask.length).toBe(512 * 512);
        expect(photo.mask.every((v) => v === 0 || v === 255)).toBe(true);

        // The piece spans 10–60 % of the frame by design; chains and rings seen at an angle
        // have flatter boxes, hence the wider bounds.
        const box = boxFraction(photo.mask, 512, 512);
        expect(box, `${kind} seed ${seed}: ${photo.description}`).toBeGreaterThan(0.02);
        expect(box).toBeLessThan(0.75);
        const pixels = photo.mask.filter((v) => v > 0).length / photo.mask.length;
        expect(pixels).toBeGreaterThan(0.0005);
        expect(pixels).toBeLessThan(0.5);
        expect(photo.description.length).toBeGreaterThan(20);
      }
    }
  });

  it('leaves the hole of a ring as background', async () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const photo = await generateSyntheticPhoto(seed, { size: 512, kind: 'ring' });
      expect(photo.holes.length).toBe(1);
      for (const hole of photo.holes) {
        const i = Math.floor(hole.y) * photo.width + Math.floor(hole.x);
        expect(photo.mask[i], photo.description).toBe(0);
        expect(photo.coverage[i]).toBe(0);
      }
    }
  });

  it('keeps shadows and reflections out of the mask while darkening the table', async () => {
    const photo = await generateSyntheticPhoto(21, { size: 512, kind: 'ring', background: 'white' });
    const { data } = await sharp(photo.image).greyscale().raw().toBuffer({ resolveWithObject: true });
    let corner = 0;
    for (let y = 0; y < 16; y++) for (let x = 0; x < 16; x++) corner += data[y * 512 + x]!;
    expect(corner / 256).toBeGreaterThan(190);
    // Every mask pixel comes from the piece's own coverage, nothing else.
    let mismatches = 0;
    for (let i = 0; i < photo.mask.length; i++) if ((photo.mask[i] === 255) !== photo.coverage[i]! >= 0.5) mismatches++;
    expect(mismatches).toBe(0);
  });

  it('draws 2000 × 2000 and non-square frames', async () => {
    const big = await generateSyntheticPhoto(5, { size: 2000, kind: 'chain' });
    expect((await sharp(big.image).metadata()).width).toBe(2000);
    const wide = await generateSyntheticPhoto(5, { width: 640, height: 480 });
    const meta = await sharp(wide.image).metadata();
    expect([meta.width, meta.height, wide.mask.length]).toEqual([640, 480, 640 * 480]);
  });

  it('reports how long one 1024 × 1024 photo takes', async () => {
    const times: number[] = [];
    for (const seed of [31, 32, 33, 34]) {
      const start = performance.now();
      await generateSyntheticPhoto(seed);
      times.push(performance.now() - start);
    }
    console.log(`synthetic 1024×1024: ${times.map((t) => t.toFixed(0)).join(', ')} ms`);
    expect(times.length).toBe(4);
  });
});

describe('synthetic sets', () => {
  it('cycles through every kind and writes image/mask pairs', async () => {
    const set = await generateSyntheticSet(4, 99, 256);
    expect(set.map((p) => p.kind)).toEqual([...SYNTHETIC_KINDS]);

    const dir = await mkdtemp(join(tmpdir(), 'synthetic-'));
    try {
      const folders = await writeSyntheticSet(dir, 4, 99, 256);
      expect(folders.map((f) => f.slice(dir.length + 1))).toEqual(['000-ring', '001-chain', '002-pendant', '003-earrings']);
      const image = await readFile(join(folders[0]!, 'image.jpg'));
      expect(image.equals(set[0]!.image)).toBe(true);
      const mask = await sharp(join(folders[0]!, 'mask.png')).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
      expect([mask.info.width, mask.info.height, mask.info.channels]).toEqual([256, 256, 1]);
      expect(new Uint8Array(mask.data)).toEqual(set[0]!.mask);
      const manifest = JSON.parse(await readFile(join(dir, 'set.json'), 'utf8')) as { photos: unknown[] };
      expect(manifest.photos).toHaveLength(4);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
