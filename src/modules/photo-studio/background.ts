/**
 * Pipeline step 2, first half: a model of the empty table behind the piece, fitted to the
 * photo's border.
 *
 * Shops shoot on a white or grey card under a lamp, so the table is smooth but not flat: a
 * gradient from the light, darker corners (vignetting) and a colour cast. Each channel is
 * modelled as a quadratic surface in the image coordinates, which can represent a linear gradient
 * and a centred or off-centre vignette. The surface is fitted to a band along the edges by
 * iteratively reweighted least squares (Tukey's biweight), so a piece or a hand that reaches
 * the edge pulls the fit only until its pixels are recognised as outliers.
 */

import type { WorkingImage } from './pipeline-types.js';

/** Terms of the surface: 1, u, v, u², uv, v² with u, v in [-1, 1] across the image. */
const TERMS = 6;

export interface BackgroundModel {
  width: number;
  height: number;
  /** Surface coefficients per channel (R, G, B), values in 0..1. */
  coefficients: [Float64Array, Float64Array, Float64Array];
  /** Robust standard deviation of the border's residuals per channel, in 0..1. */
  noise: [number, number, number];
  /** Share of band samples that the fit kept as table (the rest were outliers). */
  inlierShare: number;
}

/** Width of the sampled band as a fraction of the shorter side. */
const BAND = 0.04;
/** Tukey's constant: residuals beyond this many robust sigmas get zero weight. */
const TUKEY_C = 4.685;
const ITERATIONS = 5;
/** Target number of band samples. */
const SAMPLES = 6000;
/** Noise floor (0..1): JPEG rounding and banding never vanish entirely. */
const MIN_NOISE = 1.5 / 255;

function terms(u: number, v: number, out: Float64Array): void {
  out[0] = 1;
  out[1] = u;
  out[2] = v;
  out[3] = u * u;
  out[4] = u * v;
  out[5] = v * v;
}

/** Solves the symmetric system a·x = b (size TERMS) by Gaussian elimination with pivoting. */
function solve(a: Float64Array, b: Float64Array): Float64Array {
  const n = TERMS;
  const m = new Float64Array(n * (n + 1));
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) m[r * (n + 1) + c] = a[r * n + c]!;
    m[r * (n + 1) + n] = b[r]!;
  }
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r * (n + 1) + col]!) > Math.abs(m[pivot * (n + 1) + col]!)) pivot = r;
    if (pivot !== col) {
      for (let c = 0; c <= n; c++) {
        const t = m[col * (n + 1) + c]!;
        m[col * (n + 1) + c] = m[pivot * (n + 1) + c]!;
        m[pivot * (n + 1) + c] = t;
      }
    }
    const p = m[col * (n + 1) + col]!;
    if (Math.abs(p) < 1e-12) continue;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r * (n + 1) + col]! / p;
      if (f === 0) continue;
      for (let c = col; c <= n; c++) m[r * (n + 1) + c] = m[r * (n + 1) + c]! - f * m[col * (n + 1) + c]!;
    }
  }
  const x = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const p = m[r * (n + 1) + r]!;
    x[r] = Math.abs(p) < 1e-12 ? 0 : m[r * (n + 1) + n]! / p;
  }
  return x;
}

function median(values: Float64Array): number {
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function fitBackground(image: WorkingImage): BackgroundModel {
  const { data, width, height } = image;
  const band = Math.max(2, Math.round(Math.min(width, height) * BAND));

  // Sample the band on a grid of about SAMPLES points: enough for six coefficients per
  // channel, and the fit stays a few milliseconds whatever the photo's size.
  const bandArea = width * height - Math.max(0, width - 2 * band) * Math.max(0, height - 2 * band);
  const step = Math.max(1, Math.floor(Math.sqrt(bandArea / SAMPLES)));
  const xs: number[] = [];
  const ys: number[] = [];
  for (let y = 0; y < height; y += step) {
    for (let x = 0; x < width; x += step) {
      if (x < band || y < band || x >= width - band || y >= height - band) {
        xs.push(x);
        ys.push(y);
      }
    }
  }
  const count = xs.length;
  const basis = new Float64Array(count * TERMS);
  const row = new Float64Array(TERMS);
  for (let s = 0; s < count; s++) {
    terms((2 * xs[s]!) / (width - 1 || 1) - 1, (2 * ys[s]!) / (height - 1 || 1) - 1, row);
    basis.set(row, s * TERMS);
  }

  // Start from the band's median brightness: samples far from it (a piece at the edge) start
  // with zero weight, so the first fit is already close to the table.
  const luma = new Float64Array(count);
  for (let s = 0; s < count; s++) {
    const i = 3 * (ys[s]! * width + xs[s]!);
    luma[s] = (data[i]! + data[i + 1]! + data[i + 2]!) / 765;
  }
  const lumaMedian = median(luma);
  const lumaSpread = Math.max(MIN_NOISE, 1.4826 * median(luma.map((l) => Math.abs(l - lumaMedian))));
  const weights = new Float64Array(count);
  for (let s = 0; s < count; s++) weights[s] = Math.abs(luma[s]! - lumaMedian) < Math.max(0.08, 6 * lumaSpread) ? 1 : 0;

  const coefficients: Float64Array[] = [];
  const noise: number[] = [];
  const residuals = new Float64Array(count);
  let kept = 0;
  for (let channel = 0; channel < 3; channel++) {
    const w = weights.slice();
    let coefficient: Float64Array = new Float64Array(TERMS);
    let sigma = MIN_NOISE;
    for (let iteration = 0; iteration < ITERATIONS; iteration++) {
      const ata = new Float64Array(TERMS * TERMS);
      const atb = new Float64Array(TERMS);
      for (let s = 0; s < count; s++) {
        const ws = w[s]!;
        if (ws === 0) continue;
        const value = data[3 * (ys[s]! * width + xs[s]!) + channel]! / 255;
        for (let r = 0; r < TERMS; r++) {
          const br = basis[s * TERMS + r]! * ws;
          atb[r] = atb[r]! + br * value;
          for (let c = r; c < TERMS; c++) ata[r * TERMS + c] = ata[r * TERMS + c]! + br * basis[s * TERMS + c]!;
        }
      }
      for (let r = 0; r < TERMS; r++) for (let c = 0; c < r; c++) ata[r * TERMS + c] = ata[c * TERMS + r]!;
      coefficient = solve(ata, atb);

      // Residuals of all samples; the robust sigma comes from the current inliers only.
      const inlier: number[] = [];
      for (let s = 0; s < count; s++) {
        let model = 0;
        for (let t = 0; t < TERMS; t++) model += coefficient[t]! * basis[s * TERMS + t]!;
        residuals[s] = data[3 * (ys[s]! * width + xs[s]!) + channel]! / 255 - model;
        if (w[s]! > 0) inlier.push(Math.abs(residuals[s]!));
      }
      sigma = Math.max(MIN_NOISE, 1.4826 * median(Float64Array.from(inlier)));
      const limit = TUKEY_C * sigma;
      for (let s = 0; s < count; s++) {
        const z = residuals[s]! / limit;
        w[s] = Math.abs(z) < 1 ? (1 - z * z) ** 2 : 0;
      }
    }
    coefficients.push(coefficient);
    noise.push(sigma);
    if (channel === 1) kept = w.reduce((sum, value) => sum + (value > 0 ? 1 : 0), 0);
  }

  return {
    width,
    height,
    coefficients: coefficients as BackgroundModel['coefficients'],
    noise: noise as BackgroundModel['noise'],
    inlierShare: count === 0 ? 0 : kept / count,
  };
}

/** The modelled table colour at working-copy position (x, y), which may be fractional. */
export function evaluateBackground(model: BackgroundModel, x: number, y: number, out: [number, number, number]): void {
  const u = (2 * x) / (model.width - 1 || 1) - 1;
  const v = (2 * y) / (model.height - 1 || 1) - 1;
  for (let c = 0; c < 3; c++) {
    const k = model.coefficients[c]!;
    out[c] = k[0]! + k[1]! * u + k[2]! * v + k[3]! * u * u + k[4]! * u * v + k[5]! * v * v;
  }
}

/** The modelled table colour at every pixel, interleaved RGB in 0..1. */
export function renderBackground(model: BackgroundModel): Float32Array {
  const { width, height, coefficients } = model;
  const out = new Float32Array(width * height * 3);
  const row = new Float64Array(TERMS);
  for (let y = 0; y < height; y++) {
    const v = (2 * y) / (height - 1 || 1) - 1;
    for (let x = 0; x < width; x++) {
      terms((2 * x) / (width - 1 || 1) - 1, v, row);
      const i = 3 * (y * width + x);
      for (let c = 0; c < 3; c++) {
        const k = coefficients[c]!;
        out[i + c] = k[0]! + k[1]! * row[1]! + k[2]! * row[2]! + k[3]! * row[3]! + k[4]! * row[4]! + k[5]! * row[5]!;
      }
    }
  }
  return out;
}
