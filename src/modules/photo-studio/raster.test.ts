import { describe, expect, it } from 'vitest';
import { boxBlur, close, dilate, erode, labelComponents } from './raster.js';
import { mulberry32 } from '../../shared/random.js';

const WIDTH = 37;
const HEIGHT = 23;

function randomPlane(seed: number): Float32Array {
  const random = mulberry32(seed);
  return Float32Array.from({ length: WIDTH * HEIGHT }, () => random());
}

function randomMask(seed: number, density: number): Uint8Array {
  const random = mulberry32(seed);
  return Uint8Array.from({ length: WIDTH * HEIGHT }, () => (random() < density ? 1 : 0));
}

const at = (x: number, y: number) => Math.min(HEIGHT - 1, Math.max(0, y)) * WIDTH + Math.min(WIDTH - 1, Math.max(0, x));

describe('raster operations', () => {
  it('boxBlur equals the clamped window mean', () => {
    const plane = randomPlane(1);
    for (const r of [1, 2, 5]) {
      const blurred = boxBlur(plane, WIDTH, HEIGHT, r);
      for (const [x, y] of [[0, 0], [5, 7], [36, 22], [20, 0], [0, 12]] as const) {
        let sum = 0;
        for (let dy = -r; dy <= r; dy++) for (let dx = -r; dx <= r; dx++) sum += plane[at(x + dx, y + dy)]!;
        expect(blurred[y * WIDTH + x]).toBeCloseTo(sum / (2 * r + 1) ** 2, 5);
      }
    }
  });

  it('dilate and erode use the square of the radius', () => {
    const mask = randomMask(2, 0.2);
    const r = 2;
    const grown = dilate(mask, WIDTH, HEIGHT, r);
    const shrunk = erode(mask, WIDTH, HEIGHT, r);
    for (let y = 0; y < HEIGHT; y++) {
      for (let x = 0; x < WIDTH; x++) {
        let any = false;
        let all = true;
        for (let dy = -r; dy <= r; dy++) {
          for (let dx = -r; dx <= r; dx++) {
            const inside = x + dx >= 0 && x + dx < WIDTH && y + dy >= 0 && y + dy < HEIGHT;
            const set = inside && mask[(y + dy) * WIDTH + x + dx] === 1;
            any ||= set;
            all &&= set;
          }
        }
        expect(grown[y * WIDTH + x], `dilate ${x},${y}`).toBe(any ? 1 : 0);
        expect(shrunk[y * WIDTH + x], `erode ${x},${y}`).toBe(all ? 1 : 0);
      }
    }
  });

  it('close bridges a gap narrower than twice the radius', () => {
    const mask = new Uint8Array(WIDTH * HEIGHT);
    for (let x = 5; x < 32; x++) if (x < 17 || x > 19) mask[11 * WIDTH + x] = 1;
    const closed = close(mask, WIDTH, HEIGHT, 2);
    expect(closed[11 * WIDTH + 18]).toBe(1);
    expect(closed[5 * WIDTH + 18]).toBe(0);
  });

  it('labelComponents counts areas and border contact', () => {
    const mask = new Uint8Array(WIDTH * HEIGHT);
    mask[0] = 1;
    mask[1] = 1;
    mask[10 * WIDTH + 10] = 1;
    mask[11 * WIDTH + 11] = 1;
    const four = labelComponents(WIDTH, HEIGHT, mask, 4);
    expect(four.areas.slice(1)).toEqual([2, 1, 1]);
    expect(four.touchesBorder.slice(1)).toEqual([true, false, false]);
    const eight = labelComponents(WIDTH, HEIGHT, mask, 8);
    expect(eight.areas.slice(1)).toEqual([2, 2]);
  });

  it('labelComponents matches a flood fill', () => {
    for (const [seed, density] of [[3, 0.3], [4, 0.55], [5, 0.8]] as const) {
      const mask = randomMask(seed, density);
      for (const connectivity of [4, 8] as const) {
        const labelled = labelComponents(WIDTH, HEIGHT, mask, connectivity);
        const reference = floodFill(mask, connectivity);

        expect(Array.from(labelled.labels)).toEqual(Array.from(reference.labels));
        expect(labelled.areas).toEqual(reference.areas);
        expect(labelled.touchesBorder).toEqual(reference.touchesBorder);
      }
    }
  });
});

/** Labels by flood fill from each unlabelled pixel in raster order: slow, but plainly right. */
function floodFill(mask: Uint8Array, connectivity: 4 | 8) {
  const labels = new Int32Array(mask.length);
  const areas = [0];
  const touchesBorder = [false];
  for (let start = 0; start < mask.length; start++) {
    if (!mask[start] || labels[start]) continue;
    const label = areas.length;
    let area = 0;
    let border = false;
    const stack = [start];
    labels[start] = label;
    while (stack.length > 0) {
      const i = stack.pop()!;
      area++;
      const x = i % WIDTH;
      const y = Math.floor(i / WIDTH);
      if (x === 0 || y === 0 || x === WIDTH - 1 || y === HEIGHT - 1) border = true;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          if ((dx === 0 && dy === 0) || (connectivity === 4 && dx !== 0 && dy !== 0)) continue;
          const nx = x + dx;
          const ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= WIDTH || ny >= HEIGHT) continue;
          const j = ny * WIDTH + nx;
          if (mask[j] && !labels[j]) {
            labels[j] = label;
            stack.push(j);
          }
        }
      }
    }
    areas.push(area);
    touchesBorder.push(border);
  }
  return { labels, areas, touchesBorder };
}
