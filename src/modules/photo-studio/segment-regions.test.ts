import { describe, expect, it } from 'vitest';
import { DEFAULT_TUNING } from './segment.js';
import { fillHoles, peelShadows } from './segment-regions.js';

const SIZE = 40;
const N = SIZE * SIZE;
const at = (x: number, y: number) => y * SIZE + x;

/** Builds a mask of the pixels for which `inside(x, y)` is true. */
function maskOf(inside: (x: number, y: number) => boolean): Uint8Array {
  const mask = new Uint8Array(N);
  for (let y = 0; y < SIZE; y++) for (let x = 0; x < SIZE; x++) mask[at(x, y)] = inside(x, y) ? 1 : 0;
  return mask;
}

function count(mask: Uint8Array): number {
  return mask.reduce((sum, value) => sum + value, 0);
}

describe('peelShadows', () => {
  // A piece in x 10..29, y 10..24 with evidence everywhere, and a shadow below it (y 25..31)
  // that only darkness put into the mask.
  const piece = (x: number, y: number) => x >= 10 && x < 30 && y >= 10 && y < 25;
  const shadow = (x: number, y: number) => x >= 10 && x < 30 && y >= 25 && y < 32;
  const mask = maskOf((x, y) => piece(x, y) || shadow(x, y));

  it('removes a shadow but keeps one pixel next to the piece', () => {
    const notDark = new Float32Array(N);
    for (let y = 0; y < SIZE; y++) for (let x = 0; x < SIZE; x++) notDark[at(x, y)] = piece(x, y) ? 2 : 0;

    const peeled = peelShadows(mask, notDark, SIZE, SIZE);

    expect(peeled[at(20, 15)]).toBe(1);
    expect(peeled[at(20, 25)]).toBe(1);
    expect(peeled[at(20, 26)]).toBe(0);
    expect(peeled[at(20, 31)]).toBe(0);
    expect(count(peeled)).toBe(20 * 15 + 20);
  });

  it('keeps smooth pixels that the piece encloses', () => {
    // The piece's outline carries evidence; its inside is smooth metal.
    const notDark = new Float32Array(N);
    for (let y = 0; y < SIZE; y++) {
      for (let x = 0; x < SIZE; x++) {
        const outline = piece(x, y) && (x === 10 || x === 29 || y === 10 || y === 24);
        notDark[at(x, y)] = outline ? 2 : 0;
      }
    }

    const peeled = peelShadows(mask, notDark, SIZE, SIZE);

    expect(peeled[at(20, 17)]).toBe(1);
    expect(peeled[at(20, 28)]).toBe(0);
  });

  it('leaves the mask alone when the peel would take most of it', () => {
    // Evidence only on a few pixels: peeling would remove smooth metal, not a shadow.
    const notDark = new Float32Array(N);
    notDark[at(20, 15)] = 2;

    expect(peelShadows(mask, notDark, SIZE, SIZE)).toEqual(mask);
  });
});

describe('fillHoles', () => {
  // A square band 6 px wide around a 16 × 16 hole at x, y 12..27.
  const band = maskOf((x, y) => x >= 6 && x < 34 && y >= 6 && y < 34 && !(x >= 12 && x < 28 && y >= 12 && y < 28));
  const inHole = (x: number, y: number) => x >= 12 && x < 28 && y >= 12 && y < 28;
  const levels = { chromaLevel: 0.06, textureLevel: 0.035, noise: 0.004 };

  /** Runs fillHoles with the given ratio inside the hole, 1 elsewhere, and chroma `bandChroma` on the band. */
  function fill(holeRatio: (x: number, y: number) => number, bandChroma = 0): Uint8Array {
    const ratio = new Float32Array(N).fill(1);
    const chroma = new Float32Array(N);
    for (let y = 0; y < SIZE; y++) {
      for (let x = 0; x < SIZE; x++) {
        if (inHole(x, y)) ratio[at(x, y)] = holeRatio(x, y);
        if (band[at(x, y)]) chroma[at(x, y)] = bandChroma;
      }
    }
    return fillHoles(band, SIZE, SIZE, ratio, chroma, new Float32Array(N), DEFAULT_TUNING, levels);
  }

  it('keeps a hole that shows the table open', () => {
    expect(fill(() => 1)[at(20, 20)]).toBe(0);
  });

  it('fills a hole brighter than the table', () => {
    expect(fill(() => 1.025)[at(20, 20)]).toBe(1);
  });

  it('fills a flat darker patch in a coloured piece', () => {
    expect(fill(() => 0.82, 0.2)[at(20, 20)]).toBe(1);
  });

  it('keeps a shadowed table open in a coloured piece', () => {
    // The shadow darkens the hole gradually from 0.8 at the top to the table's level.
    const shaded = (_x: number, y: number) => 0.8 + (0.2 * (y - 12)) / 15;

    expect(fill(shaded, 0.2)[at(20, 20)]).toBe(0);
  });
});
