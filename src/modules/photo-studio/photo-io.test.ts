import { rejectionOf } from '../../../test/helpers/errors.js';
import { crc32 } from 'node:zlib';

import sharp from 'sharp';
import { describe, expect, it } from 'vitest';

import { isDomainError } from '../../shared/errors.js';
import { checkCompliance, complianceFraction } from './compliance.js';
import { decodePhoto } from './decode.js';
import { encodeForPreset, type RawImage } from './encode.js';
import { CHANNEL_PRESET_IDS, MIN_EDGE_GAP_PX, parseShopPreset, PRESETS, type PhotoPreset } from './presets.js';

const PIECE = [60, 50, 40] as const;

/** White canvas with a dark ellipse whose longest side is `fill` of the canvas side. */
function canvas(size: number, fill: number, centre: { x: number; y: number } = { x: 0.5, y: 0.5 }): RawImage {
  const data = new Uint8Array(size * size * 3).fill(255);
  const rx = (fill * size) / 2;
  const ry = rx * 0.7;
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      const dx = (x + 0.5 - centre.x * size) / rx;
      const dy = (y + 0.5 - centre.y * size) / ry;
      if (dx * dx + dy * dy > 1) continue;
      data.set(PIECE, (y * size + x) * 3);
    }
  }
  return { data, width: size, height: size, channels: 3 };
}


function pixel(photo: { data: Uint8Array; width: number; channels: number }, x: number, y: number): number[] {
  const at = (y * photo.width + x) * photo.channels;
  return Array.from(photo.data.subarray(at, at + 3));
}

/** Replaces the width and height in a PNG's IHDR chunk and fixes its CRC. */
function claimSize(png: Buffer, width: number, height: number): Buffer {
  const patched = Buffer.from(png);
  patched.writeUInt32BE(width, 16);
  patched.writeUInt32BE(height, 20);
  patched.writeUInt32BE(crc32(patched.subarray(12, 29)) >>> 0, 29);
  return patched;
}

describe('decodePhoto', () => {
  it('applies EXIF orientation 6 (rotate 90° clockwise)', async () => {
    // 40 × 20: left half red, right half blue. Upright it is 20 × 40, red on top.
    const raw = new Uint8Array(40 * 20 * 3);
    for (let i = 0; i < 40 * 20; i += 1) raw.set(i % 40 < 20 ? [255, 0, 0] : [0, 0, 255], i * 3);
    const jpeg = await sharp(raw, { raw: { width: 40, height: 20, channels: 3 } }).jpeg({ quality: 95 }).withMetadata({ orientation: 6 }).toBuffer();

    const photo = await decodePhoto(jpeg, { fileName: 'ring.jpg' });

    expect([photo.width, photo.height]).toEqual([20, 40]);
    expect(photo.original.orientation).toBe(6);
    const top = pixel(photo, 2, 2);
    const bottom = pixel(photo, 2, 37);
    expect(top[0]).toBeGreaterThan(200);
    expect(top[2]).toBeLessThan(60);
    expect(bottom[2]).toBeGreaterThan(200);
    expect(bottom[0]).toBeLessThan(60);
  });

  it('reads a 16-bit PNG into 8-bit sRGB', async () => {
    const png = await sharp({ create: { width: 8, height: 6, channels: 3, background: { r: 200, g: 100, b: 50 } } })
      .toColourspace('rgb16')
      .png()
      .toBuffer();
    expect((await sharp(png).metadata()).depth).toBe('ushort');

    const photo = await decodePhoto(png, { fileName: 'deep.png' });

    expect(photo.original.bitsPerChannel).toBe(16);
    expect(photo.channels).toBe(3);
    expect(photo.data.length).toBe(8 * 6 * 3);
    const [r, g, b] = pixel(photo, 3, 3);
    expect([Math.abs(r! - 200), Math.abs(g! - 100), Math.abs(b! - 50)].every((d) => d <= 1)).toBe(true);
  });

  it('keeps alpha of a PNG with transparency', async () => {
    const png = await sharp({ create: { width: 5, height: 5, channels: 4, background: { r: 10, g: 20, b: 30, alpha: 0.5 } } }).png().toBuffer();

    const photo = await decodePhoto(png, { fileName: 'cutout.png' });

    expect(photo.channels).toBe(4);
    expect(photo.original.hasAlpha).toBe(true);
    expect(Math.abs(photo.data[3]! - 128)).toBeLessThanOrEqual(1);
  });

  it('converts a Display P3 photo to sRGB', async () => {
    // Pure sRGB red stored with a P3 profile has different numbers in the file (about 234,51,35).
    const p3 = await sharp({ create: { width: 4, height: 4, channels: 3, background: { r: 255, g: 0, b: 0 } } })
      .withIccProfile('p3')
      .png()
      .toBuffer();
    const stored = await sharp(p3).keepIccProfile().raw().toBuffer();
    expect(stored[0]).toBeLessThan(245);

    const photo = await decodePhoto(p3, { fileName: 'phone.png' });

    expect(photo.original.iccName).toMatch(/P3/);
    const [r, g, b] = pixel(photo, 1, 1);
    expect(r).toBeGreaterThanOrEqual(250);
    expect(g).toBeLessThanOrEqual(8);
    expect(b).toBeLessThanOrEqual(8);
  });

  it('rejects a header claiming 100,000 × 100,000 pixels before decoding', async () => {
    const small = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#ffffff' } }).png().toBuffer();
    const bomb = claimSize(small, 100_000, 100_000);
    expect((await sharp(bomb, { limitInputPixels: false }).metadata()).width).toBe(100_000);

    const started = performance.now();
    const error = await rejectionOf(decodePhoto(bomb, { fileName: 'bomb.png' }));

    expect(error.code).toBe('photo_too_many_pixels');
    expect(error.en).toContain('bomb.png');
    expect(error.en).toContain('100000 × 100000');
    expect(error.ja).toContain('bomb.png');
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('rejects a real image over a lowered pixel limit, and a file over the byte limit', async () => {
    const png = await sharp({ create: { width: 2000, height: 1000, channels: 3, background: '#ffffff' } }).png().toBuffer();

    expect((await rejectionOf(decodePhoto(png, { fileName: 'wide.png', maxPixels: 1_000_000 }))).code).toBe('photo_too_many_pixels');
    expect((await rejectionOf(decodePhoto(png, { fileName: 'wide.png', maxBytes: 100 }))).code).toBe('photo_too_many_bytes');
  });

  it('rejects empty, garbage, HEIC and unsupported files with bilingual messages', async () => {
    const empty = await rejectionOf(decodePhoto(new Uint8Array(0), { fileName: 'a.jpg' }));
    const garbage = await rejectionOf(decodePhoto(Buffer.from('this is not an image at all, just text'), { fileName: 'b.jpg' }));
    const heicHeader = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic'), Buffer.alloc(40)]);
    const heic = await rejectionOf(decodePhoto(heicHeader, { fileName: 'IMG_0001.HEIC' }));
    const svg = await rejectionOf(
      decodePhoto(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'), { fileName: 'c.svg' }),
    );
    const truncated = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#808080' } }).jpeg().toBuffer();
    const cut = await rejectionOf(decodePhoto(truncated.subarray(0, truncated.length / 2), { fileName: 'cut.jpg' }));

    expect([empty.code, garbage.code, heic.code, svg.code, cut.code]).toEqual([
      'photo_empty',
      'photo_corrupt',
      'photo_heic_unsupported',
      'photo_format_unsupported',
      'photo_corrupt',
    ]);
    expect(heic.ja).toContain('IMG_0001.HEIC');
    expect(heic.en).toContain('JPEG');
    expect(svg.en).toContain('svg');
  });
});

describe('presets', () => {
  it('gives each channel preset a size, format, byte limit and sourced notes', () => {
    for (const id of CHANNEL_PRESET_IDS) {
      const preset: PhotoPreset = PRESETS[id];
      expect(preset.width).toBeGreaterThan(0);
      expect(preset.maxBytes).toBeGreaterThan(0);
      expect(preset.notes.length).toBeGreaterThan(0);
      if (preset.longestSide) {
        expect(Math.max(preset.width, preset.height)).toBeGreaterThanOrEqual(preset.longestSide.min);
        expect(Math.max(preset.width, preset.height)).toBeLessThanOrEqual(preset.longestSide.max);
      }
    }
    expect([PRESETS.shopify.width, PRESETS.shopify.height]).toEqual([2048, 2048]);
  });

  it('validates a shop preset and names the bad field', () => {
    const good = parseShopPreset({
      id: 'shop-instagram',
      label: { ja: 'インスタ', en: 'Instagram' },
      format: 'jpeg',
      width: 1080,
      height: 1350,
      maxBytes: 8_000_000,
      fill: { target: 0.7, min: 0.6, max: 0.8 },
    });
    expect(good.background).toBe('white');
    expect(good.borderRingPx).toBe(4);

    try {
      parseShopPreset({ ...good, fill: { target: 0.9, min: 0.6, max: 0.8 } });
      expect.unreachable();
    } catch (error) {
      if (!isDomainError(error)) throw error;
      expect(error.code).toBe('preset_invalid');
      expect(error.messageIn('en')).toContain('"fill"');
      expect(error.messageIn('ja')).toContain('fill');
    }
    try {
      parseShopPreset({ ...good, width: 12 });
      expect.unreachable();
    } catch (error) {
      if (!isDomainError(error)) throw error;
      expect(error.details).toMatchObject({ field: 'width' });
    }
  });
});

describe('encodeForPreset and checkCompliance', () => {
  for (const id of CHANNEL_PRESET_IDS) {
    it(`encodes a centred piece that passes every ${id} rule`, async () => {
      const preset: PhotoPreset = PRESETS[id];
      const source = canvas(1000, preset.fill!.target);

      const encoded = await encodeForPreset(source, preset);
      const results = await checkCompliance(encoded.bytes, preset);

      expect(results.filter((result) => !result.ok)).toEqual([]);
      expect(complianceFraction(results)).toBe(1);
      expect(encoded.quality).toBe(92);
      const metadata = await sharp(encoded.bytes).metadata();
      expect(metadata.exif).toBeUndefined();
      expect(metadata.icc).toBeDefined();
    });
  }

  it('keeps the border ring exactly 255 after JPEG at every quality, with the piece 16 px from the edge', async () => {
    // Worst case for ringing: a hard dark edge 16 px from each side (one 8 × 8 block of pure
    // white between it and a 4 px ring, plus slack for Lanczos and sharpening).
    const size = 1200;
    const preset: PhotoPreset = { ...PRESETS.yahoo, fill: null, minMargin: null, clearTopLeft: null };
    const stripes = (gap: number): RawImage => {
      const data = new Uint8Array(size * size * 3).fill(255);
      for (let y = gap; y < size - gap; y += 1) for (let x = gap; x < size - gap; x += 1) if ((x >> 5) % 2 === 0 || y < 40) data.set([0, 0, 0], (y * size + x) * 3);
      return { data, width: size, height: size, channels: 3 };
    };
    const offWhite = async (gap: number, quality: number): Promise<number> => {
      const encoded = await encodeForPreset(stripes(gap), preset, { qualities: [quality] });
      return (await checkCompliance(encoded.bytes, preset)).find((result) => result.rule === 'border_white')!.measured as number;
    };

    for (const quality of [92, 84, 76, 68, 60]) expect({ quality, offWhite: await offWhite(MIN_EDGE_GAP_PX, quality) }).toEqual({ quality, offWhite: 0 });

    // The pitfall is real: the same edge 4 px from the border rings into the ring.
    expect(await offWhite(4, 60)).toBeGreaterThan(0);
  });

  it('lowers the quality until the file fits, and fails clearly when it never does', async () => {
    // Noise compresses badly, so the byte limit bites.
    const size = 600;
    const data = new Uint8Array(size * size * 3);
    let seed = 1;
    for (let i = 0; i < data.length; i += 1) {
      seed = (seed * 1_103_515_245 + 12_345) >>> 0;
      data[i] = seed >>> 24;
    }
    const image: RawImage = { data, width: size, height: size, channels: 3 };
    const base = parseShopPreset({ id: 'shop-test', label: { ja: 'テスト', en: 'Test' }, format: 'jpeg', width: size, height: size, maxBytes: 50_000_000 });
    const best = await encodeForPreset(image, base);
    const worst = await encodeForPreset(image, base, { qualities: [60] });
    const limit = Math.round((best.bytes.length + worst.bytes.length) / 2);

    const fitted = await encodeForPreset(image, { ...base, maxBytes: limit });

    expect(fitted.quality).toBeLessThan(92);
    expect(fitted.quality).toBeGreaterThanOrEqual(60);
    expect(fitted.bytes.length).toBeLessThanOrEqual(limit);
    expect(fitted.attempts.length).toBeGreaterThan(1);

    const error = await rejectionOf(encodeForPreset(image, { ...base, maxBytes: 20_000 }));
    expect(error.code).toBe('photo_over_byte_limit');
    expect(error.en).toContain('shop-test');
    expect(error.ja).toContain('20 KB');
  });

  it('encodes PNG and WebP presets', async () => {
    const source = canvas(500, 0.8);
    for (const format of ['png', 'webp'] as const) {
      const preset = parseShopPreset({ id: `shop-${format}`, label: { ja: 'x', en: 'x' }, format, width: 800, height: 800, maxBytes: 5_000_000, fill: { target: 0.8, min: 0.7, max: 0.9 } });
      const encoded = await encodeForPreset(source, preset);
      const failed = (await checkCompliance(encoded.bytes, preset)).filter((result) => !result.ok);
      expect({ format, failed }).toEqual({ format, failed: [] });
    }
  });

  it('reports failures rule by rule', async () => {
    // Small piece near the top-left corner (40 px from the edges): Yahoo margin, top-left and
    // fill fail, while the border ring stays white.
    const corner = await encodeForPreset(canvas(1000, 0.16, { x: 0.12, y: 0.12 }), PRESETS.yahoo);
    const yahoo = await checkCompliance(corner.bytes, PRESETS.yahoo);
    const failedYahoo = yahoo.filter((result) => !result.ok).map((result) => result.rule);
    expect(failedYahoo).toEqual(['fill', 'margins', 'top_left_clear']);
    expect(complianceFraction(yahoo)).toBeLessThan(1);

    // Too small for Amazon.
    const small = await encodeForPreset(canvas(1000, 0.6), PRESETS.amazon);
    const amazon = await checkCompliance(small.bytes, PRESETS.amazon);
    expect(amazon.find((result) => result.rule === 'fill')).toMatchObject({ ok: false, measured: expect.closeTo(0.6, 2) });

    // A grey frame: Rakuten's no-frame rule and Yahoo's white border fail.
    const framed = canvas(1200, 0.8);
    for (let y = 0; y < 1200; y += 1) for (let x = 0; x < 1200; x += 1) if (x < 20 || y < 20 || x >= 1180 || y >= 1180) framed.data.set([128, 128, 128], (y * 1200 + x) * 3);
    const framedJpeg = await encodeForPreset(framed, PRESETS.rakuten);
    expect((await checkCompliance(framedJpeg.bytes, PRESETS.rakuten)).find((result) => result.rule === 'no_frame')!.ok).toBe(false);
    const framedYahoo = await checkCompliance(framedJpeg.bytes, PRESETS.yahoo);
    expect(framedYahoo.find((result) => result.rule === 'border_white')!.ok).toBe(false);

    // Wrong size and format against another preset, and a mask of the wrong size.
    const results = await checkCompliance(framedJpeg.bytes, { ...PRESETS.shopify, format: 'png' });
    expect(results.filter((result) => ['size', 'format'].includes(result.rule)).map((result) => result.ok)).toEqual([false, false]);
    expect((await rejectionOf(checkCompliance(framedJpeg.bytes, PRESETS.rakuten, new Uint8Array(10)))).code).toBe('photo_mask_size');
  });

  it('measures layout from a mask when one is given', async () => {
    const encoded = await encodeForPreset(canvas(1200, 0.8), PRESETS.rakuten);
    const mask = new Uint8Array(1200 * 1200);
    for (let y = 300; y < 900; y += 1) mask.fill(255, y * 1200 + 300, y * 1200 + 900);

    const fill = (await checkCompliance(encoded.bytes, PRESETS.rakuten, mask)).find((result) => result.rule === 'fill')!;

    expect(fill.measured).toBe(0.5);
  });
});
