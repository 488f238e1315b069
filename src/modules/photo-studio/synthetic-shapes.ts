/**
 * Drawing primitives for the synthetic jewellery photos (see synthetic.ts). Pure, no I/O.
 *
 * A shape is a signed distance function (pixels, negative inside) plus a shader. Coverage of a
 * pixel is clamp(0.5 − distance, 0, 1), which is the exact area coverage for a straight edge and
 * a close estimate for the gentle curves drawn here; the ground-truth mask is that coverage
 * thresholded at 0.5. Pixel centres sit at (x + 0.5, y + 0.5).
 */

import type { Random } from '../../shared/random.js';

/** Uniform random numbers in [0, 1). */
export type Rng = Random;

/** Deterministic hash of two integers to [0, 1); used for per-facet brightness without state. */
export function hash2(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul((b + 0x7f4a7c15) | 0, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

export function between(rng: Rng, low: number, high: number): number {
  return low + (high - low) * rng();
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)]!;
}

/**
 * What a shader writes for one pixel: light the surface emits towards the camera (rgb, 0..1,
 * added as is) and the fraction of the background seen through it (per channel, for
 * transparent stones), taken from the background at (sx, sy) so that stones can refract.
 */
export interface Sample {
  r: number;
  g: number;
  b: number;
  tr: number;
  tg: number;
  tb: number;
  sx: number;
  sy: number;
}

/** Shader in the shape's local frame: u along its main axis, v across, both in pixels. */
export type Shader = (u: number, v: number, out: Sample) => void;

export interface Shape {
  /** Bounding box in pixels (may exceed the frame; drawing clips). */
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  sd(x: number, y: number): number;
  shade(x: number, y: number, out: Sample): void;
}

/**
 * Shape defined in a local frame rotated by `angle` around (cx, cy): `sd` and `shade` get
 * local coordinates u (along the angle) and v (across), in pixels; `reach` bounds the shape.
 */
function localShape(
  cx: number,
  cy: number,
  angle: number,
  reach: number,
  sd: (u: number, v: number) => number,
  shade: Shader,
): Shape {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const r = reach + 2;
  return {
    x0: cx - r,
    y0: cy - r,
    x1: cx + r,
    y1: cy + r,
    sd: (x, y) => sd((x - cx) * c + (y - cy) * s, -(x - cx) * s + (y - cy) * c),
    shade: (x, y, out) => shade((x - cx) * c + (y - cy) * s, -(x - cx) * s + (y - cy) * c, out),
  };
}

/** Approximate signed distance to an axis-aligned ellipse (first-order, exact on the axes). */
export function ellipseDistance(u: number, v: number, a: number, b: number): number {
  const q = Math.sqrt((u * u) / (a * a) + (v * v) / (b * b));
  const g = Math.sqrt((u * u) / (a * a * a * a) + (v * v) / (b * b * b * b));
  if (g < 1e-12) return -Math.min(a, b);
  return ((q - 1) * q) / g;
}

/**
 * Filled ellipse with semi-axes a (along `angle`) and b; `bBelow` lets the lower half (v > 0)
 * use another semi-axis, which gives pear and drop stones.
 */
export function ellipse(cx: number, cy: number, a: number, b: number, angle: number, shade: Shader, bBelow = b): Shape {
  return localShape(cx, cy, angle, Math.max(a, b, bBelow), (u, v) => ellipseDistance(u, v, a, v > 0 ? bBelow : b), shade);
}

/**
 * Elliptic annulus (a ring seen at an angle): the outer ellipse minus an inner one scaled by
 * `inner` and shifted by (du, dv) in the local frame, which shows the inside of the band.
 */
export function annulus(
  cx: number,
  cy: number,
  a: number,
  b: number,
  angle: number,
  inner: number,
  du: number,
  dv: number,
  shade: Shader,
): Shape {
  const sd = (u: number, v: number) => Math.max(ellipseDistance(u, v, a, b), -ellipseDistance(u - du, v - dv, a * inner, b * inner));
  return localShape(cx, cy, angle, Math.max(a, b), sd, shade);
}

/** Segment with round ends and radius r; the shader gets u in [0, 1] along it and v in [−1, 1] across. */
export function capsule(x1: number, y1: number, x2: number, y2: number, r: number, shade: Shader): Shape {
  const dx = x2 - x1;
  const dy = y2 - y1;
  const length2 = dx * dx + dy * dy || 1e-12;
  const along = (x: number, y: number) => Math.min(1, Math.max(0, ((x - x1) * dx + (y - y1) * dy) / length2));
  return {
    x0: Math.min(x1, x2) - r - 2,
    y0: Math.min(y1, y2) - r - 2,
    x1: Math.max(x1, x2) + r + 2,
    y1: Math.max(y1, y2) + r + 2,
    sd: (x, y) => {
      const t = along(x, y);
      return Math.hypot(x - x1 - t * dx, y - y1 - t * dy) - r;
    },
    shade: (x, y, out) => {
      const t = along(x, y);
      const across = ((x - x1) * dy - (y - y1) * dx) / Math.sqrt(length2) / r;
      shade(t, across, out);
    },
  };
}

/**
 * The piece drawn alone: premultiplied emitted colour, transmission and coverage, plus for
 * each transparent pixel the background pixel it shows (−1 when it shows none).
 */
export class PieceLayer {
  readonly colour: Float32Array;
  readonly transmission: Float32Array;
  readonly coverage: Float32Array;
  readonly source: Int32Array;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.colour = new Float32Array(width * height * 3);
    this.transmission = new Float32Array(width * height * 3);
    this.coverage = new Float32Array(width * height);
    this.source = new Int32Array(width * height).fill(-1);
  }

  /** Paints a shape over what is already drawn ("over" compositing with its coverage). */
  draw(shape: Shape): void {
    const { width, height, colour, transmission, coverage, source } = this;
    const s: Sample = { r: 0, g: 0, b: 0, tr: 0, tg: 0, tb: 0, sx: 0, sy: 0 };
    const x0 = Math.max(0, Math.floor(shape.x0));
    const y0 = Math.max(0, Math.floor(shape.y0));
    const x1 = Math.min(width, Math.ceil(shape.x1));
    const y1 = Math.min(height, Math.ceil(shape.y1));

    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) {
        const px = x + 0.5;
        const py = y + 0.5;
        let c = 0.5 - shape.sd(px, py);
        if (c <= 0) continue;
        if (c > 1) c = 1;

        s.tr = s.tg = s.tb = 0;
        s.sx = px;
        s.sy = py;
        shape.shade(px, py, s);

        const i = y * width + x;
        const k = 1 - c;
        colour[3 * i] = c * s.r + k * colour[3 * i]!;
        colour[3 * i + 1] = c * s.g + k * colour[3 * i + 1]!;
        colour[3 * i + 2] = c * s.b + k * colour[3 * i + 2]!;
        transmission[3 * i] = c * s.tr + k * transmission[3 * i]!;
        transmission[3 * i + 1] = c * s.tg + k * transmission[3 * i + 1]!;
        transmission[3 * i + 2] = c * s.tb + k * transmission[3 * i + 2]!;
        coverage[i] = c + k * coverage[i]!;
        if (s.tr + s.tg + s.tb > 0) {
          const sx = Math.min(width - 1, Math.max(0, Math.floor(s.sx)));
          const sy = Math.min(height - 1, Math.max(0, Math.floor(s.sy)));
          source[i] = sy * width + sx;
        }
      }
    }
  }
}
