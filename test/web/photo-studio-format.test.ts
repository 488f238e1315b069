import { describe, expect, it } from 'vitest';
import {
  changedAdjustments,
  failedRules,
  formatAdjustmentValue,
  photoErrorText,
  photoImageUrl,
  rotateBy,
  ruleDetail,
  signedNumber,
  toDisplayStroke,
  toSourcePoint,
  toSourceRadius,
  type BrushFrame,
} from '../../web/src/pages/photo-studio/studioFormat.js';
import type { StudioPreset } from '../../web/src/pages/photo-studio/types.js';

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

describe('photo studio rule details', () => {
  const yahoo: StudioPreset = {
    id: 'yahoo',
    label: { ja: 'Yahoo!ショッピング', en: 'Yahoo! Shopping' },
    format: 'jpeg',
    width: 1200,
    height: 1200,
    maxBytes: 2_000_000,
    rules: { background: 'white', fill: { target: 0.8, min: 0.5, max: 0.9 }, minMargin: 0.05, clearTopLeft: 0.3, longestSide: null },
  };
  const result = (rule: string, measured: string | number) => ({ rule, ok: false, measured, expected: 'an English note' });

  it('takes limits from the preset', () => {
    expect(ruleDetail(result('bytes', 2_345_678), yahoo)).toEqual({ key: 'bytes', values: { measured: '2345.7', max: '2000' } });
    expect(ruleDetail(result('fill', 0.956), yahoo)).toEqual({ key: 'fill', values: { measured: '95.6', min: '50', max: '90', target: '80' } });
    expect(ruleDetail(result('margins', 0.021), yahoo)).toEqual({ key: 'margins', values: { measured: '2.1', min: '5' } });
    expect(ruleDetail(result('top_left_clear', 37), yahoo)).toEqual({ key: 'topLeftClear', values: { count: '37', corner: '30' } });
    expect(ruleDetail(result('size', '1000x1200'), yahoo)).toEqual({ key: 'size', values: { measured: '1000x1200', expected: '1200x1200' } });
    expect(ruleDetail(result('format', 'png'), yahoo)).toEqual({ key: 'format', values: { measured: 'PNG', expected: 'JPEG' } });
  });

  it('describes text-only rules without values', () => {
    expect(ruleDetail(result('border_white', 12), yahoo)).toEqual({ key: 'borderWhite', values: { count: '12' } });
    expect(ruleDetail(result('no_frame', 'ring luma mean 240.0, sd 1.0'), yahoo)).toEqual({ key: 'noFrame', values: {} });
    expect(ruleDetail(result('piece_present', 0), yahoo)).toEqual({ key: 'piecePresent', values: {} });
  });

  it('leaves unknown rules and missing limits to the raw values', () => {
    expect(ruleDetail(result('watermark', 1), yahoo)).toBeUndefined();
    expect(ruleDetail(result('margins', 0.02), { ...yahoo, rules: { ...yahoo.rules, minMargin: null } })).toBeUndefined();
    expect(ruleDetail(result('bytes', 'large'), yahoo)).toBeUndefined();
    expect(ruleDetail(result('size', '1x1'), undefined)).toBeUndefined();
  });
});
