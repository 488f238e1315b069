import { describe, expect, it } from 'vitest';
import {
  changedAdjustments,
  failedRules,
  formatAdjustmentValue,
  photoErrorText,
  photoImageUrl,
  rotateBy,
  signedNumber,
  toDisplayStroke,
  toSourcePoint,
  toSourceRadius,
  type BrushFrame,
} from '../../web/src/pages/photo-studio/studioFormat.js';

describe('photo studio adjustment words', () => {
  it('signs and trims numbers', () => {
    expect(signedNumber(0.3, 2)).toBe('+0.3');
    expect(signedNumber(-12, 0)).toBe('-12');
    expect(signedNumber(0.001, 2)).toBe('0');
    expect(signedNumber(-0.001, 2)).toBe('0');
  });

  it('gives each adjustment its unit', () => {
    expect(formatAdjustmentValue('exposure', 0.3)).toBe('+0.3 EV');
    expect(formatAdjustmentValue('exposure', -1.25)).toBe('-1.25 EV');
    expect(formatAdjustmentValue('warmth', 12)).toBe('+12');
    expect(formatAdjustmentValue('margin', 0.02)).toBe('+2 %');
    expect(formatAdjustmentValue('margin', -0.005)).toBe('-0.5 %');
    expect(formatAdjustmentValue('shadow', 0.4)).toBe('0.4');
    expect(formatAdjustmentValue('contrast', 0)).toBe('0');
    expect(formatAdjustmentValue('rotate', -90)).toBe('-90°');
  });

  it('lists only changed settings in order', () => {
    expect(changedAdjustments({ shadow: 0.4, exposure: 0.3, warmth: 0 })).toEqual([
      ['exposure', 0.3],
      ['shadow', 0.4],
    ]);
    expect(changedAdjustments(null)).toEqual([]);
    expect(changedAdjustments({})).toEqual([]);
  });
});

describe('photo studio rotation buttons', () => {
  it('wraps quarter turns into range', () => {
    expect(rotateBy(0, 90)).toBe(90);
    expect(rotateBy(180, 90)).toBe(-90);
    expect(rotateBy(-90, -90)).toBe(-180);
    expect(rotateBy(-180, -90)).toBe(90);
    expect(rotateBy(45, -90)).toBe(-45);
  });
});

describe('photo studio brush conversion', () => {
  // A 4000 x 3000 photo shown 800 x 600 CSS pixels wide: 5 source pixels per CSS pixel.
  const frame: BrushFrame = { displayWidth: 800, displayHeight: 600, sourceWidth: 4000, sourceHeight: 3000 };

  it('scales points to source pixels', () => {
    expect(toSourcePoint(100, 50, frame)).toEqual([500, 250]);
    expect(toSourcePoint(0.3, 0.3, frame)).toEqual([2, 2]);
  });

  it('clamps points to the photo', () => {
    expect(toSourcePoint(-10, 700, frame)).toEqual([0, 2999]);
    expect(toSourcePoint(800, 600, frame)).toEqual([3999, 2999]);
  });

  it('scales the radius and keeps one pixel', () => {
    expect(toSourceRadius(10, frame)).toBe(50);
    expect(toSourceRadius(0.01, frame)).toBe(1);
  });

  it('maps strokes back for drawing', () => {
    const displayed = toDisplayStroke({ mode: 'add', radius: 50, points: [[500, 250], [1000, 500]] }, frame);
    expect(displayed.radius).toBe(10);
    expect(displayed.points).toEqual([
      [100, 50],
      [200, 100],
    ]);
  });
});

describe('photo studio results', () => {
  it('lists failed rules only', () => {
    const compliance = [
      { rule: 'size', ok: true, measured: '1200x1200', expected: '1200x1200' },
      { rule: 'margins', ok: false, measured: 0.02, expected: '≥ 0.05' },
    ];
    expect(failedRules(compliance).map((result) => result.rule)).toEqual(['margins']);
    expect(failedRules(compliance.slice(0, 1))).toEqual([]);
  });

  it('picks the message in the current language', () => {
    const error = { code: 'photo_decode', message: '読めません。', messages: { ja: '読めません。', en: 'Cannot be read.' } };
    expect(photoErrorText(error, 'en')).toBe('Cannot be read.');
    expect(photoErrorText(error, 'ja')).toBe('読めません。');
  });

  it('puts the version into image URLs', () => {
    expect(photoImageUrl({ id: 7, version: 3 }, 'result')).toBe('/api/photo-studio/photos/7/result?v=3');
    expect(photoImageUrl({ id: 7, version: 3 }, 'result', 'amazon')).toBe('/api/photo-studio/photos/7/result?v=3&preset=amazon');
    expect(photoImageUrl({ id: 7, version: 1 }, 'mask')).toBe('/api/photo-studio/photos/7/mask?v=1');
  });
});
