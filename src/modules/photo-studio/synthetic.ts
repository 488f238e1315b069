/**
 * Synthetic jewellery photos with exact masks, for the photo studio benchmark.
 *
 * Each photo is drawn in floating point (0..1 per channel) from a seed: a ring, chain, pendant
 * or pair of earrings in white, yellow or rose gold, some with transparent or coloured stones,
 * on a near-white or light grey table with a gradient, vignetting, a colour cast, a soft
 * contact shadow, a faint reflection, noise and JPEG artefacts. The mask is the piece only
 * (coverage ≥ 0.5, stones included); shadows and reflections are background. The same seed
 * and size always give the same JPEG bytes and mask.
 */

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { mulberry32, standardNormalPair } from '../../shared/random.js';
import {
  annulus,
  between,
  capsule,
  ellipse,
  hash2,
  PieceLayer,
  pick,
  type Rng,
  type Shader,
  type Shape,
} from './synthetic-shapes.js';

export const SYNTHETIC_KINDS = ['ring', 'chain', 'pendant', 'earrings'] as const;
export type SyntheticKind = (typeof SYNTHETIC_KINDS)[number];

export interface SyntheticOptions {
  /** Square side in pixels when width/height are not given; default 1024. */
  size?: number;
  width?: number;
  height?: number;
  kind?: SyntheticKind;
  background?: 'white' | 'grey';
}

export interface SyntheticPhoto {
  /** JPEG bytes, as a phone would deliver them. */
  image: Buffer;
  width: number;
  height: number;
  /** 0 = background, 255 = piece; row-major. */
  mask: Uint8Array;
  /** Exact piece coverage in [0, 1] (soft alpha), row-major. */
  coverage: Float32Array;
  kind: SyntheticKind;
  /** Points known to lie in a hole of the piece (ring or hoop centres), in pixels. */
  holes: { x: number; y: number }[];
  description: string;
}

type Rgb = readonly [number, number, number];

const METALS: Record<string, Rgb> = {
  'white gold': [0.86, 0.87, 0.89],
  'yellow gold': [0.9, 0.72, 0.4],
  'rose gold': [0.88, 0.62, 0.54],
};

/** Stone colour = transmitted tint; diamonds are almost colourless. */
const STONES: Record<string, Rgb> = {
  diamond: [0.96, 0.96, 0.98],
  sapphire: [0.2, 0.3, 0.85],
  ruby: [0.85, 0.12, 0.2],
  emerald: [0.15, 0.7, 0.35],
  aquamarine: [0.6, 0.85, 0.95],
};

interface Piece {
  shapes: Shape[];
  holes: { x: number; y: number }[];
  words: string[];
}

interface Style {
  metal: Rgb;
  /** Direction the light comes from, radians. */
  light: number;
  /**
   * Pixels per pixel of a 1024 px photo, at least 1: a chain framed the same way is thicker
   * in a 12-megapixel photo, so wire thicknesses grow with the photo above 1024 px.
   */
  scale: number;
}

function metalShader(style: Style, tone: (u: number, v: number) => { light: number; spec: number }): Shader {
  const [mr, mg, mb] = style.metal;
  return (u, v, out) => {
    const { light, spec } = tone(u, v);
    out.r = Math.min(1, mr * light + spec);
    out.g = Math.min(1, mg * light + spec);
    out.b = Math.min(1, mb * light + spec);
  };
}

/** A round tube lit from one side: bright ridge, darker flanks, a sharp near-white highlight. */
function tubeShader(style: Style, seed: number): Shader {
  const phase = hash2(seed, 7) * Math.PI * 2;
  return metalShader(style, (u, v) => {
    const across = Math.max(-1, Math.min(1, v));
    const ridge = Math.cos((across * Math.PI) / 2);
    const light = 0.45 + 0.5 * ridge + 0.1 * Math.sin(u * 6 + phase);
    const spec = across > -0.6 && across < -0.1 ? 0.6 * hash2(seed, Math.floor(u * 5)) : 0;
    return { light, spec };
  });
}

/**
 * A band (ring, hoop, bezel) seen from above, local coordinates in pixels: lit on the side
 * facing the light, brightest along the middle of the band, with near-white highlights.
 */
function bandShader(style: Style, a: number, b: number, inner: number, seed: number): Shader {
  return metalShader(style, (u, v) => {
    const q = Math.sqrt((u * u) / (a * a) + (v * v) / (b * b));
    const across = Math.max(0, Math.min(1, (1 - q) / (1 - inner)));
    const phi = Math.atan2(v / b, u / a);
    const side = Math.cos(phi - style.light);
    const profile = Math.sin(Math.PI * across);
    const spec = 0.9 * Math.pow(Math.max(0, side), 24) * profile ** 2 + 0.5 * Math.pow(Math.max(0, -side), 40) * profile;
    return { light: 0.5 + 0.25 * side + 0.25 * profile + 0.05 * hash2(seed, Math.floor(phi * 20)), spec };
  });
}

/** Faceted stone: each facet reflects some light and lets the (refracted) background through. */
function stoneShader(cx: number, cy: number, radius: number, below: number, tint: Rgb, id: number): Shader {
  const facets = 8 + (id % 9);
  return (u, v, out) => {
    const rn = Math.hypot(u / radius, v / (v > 0 ? below : radius));
    const theta = Math.atan2(v, u) + Math.PI;
    const facet = rn < 0.45 ? 0 : 1 + Math.floor((theta / (2 * Math.PI)) * facets) + (rn > 0.8 ? facets : 0);
    const bright = hash2(id, facet);
    const sparkle = bright > 0.88 ? 0.85 : bright > 0.75 ? 0.4 : 0;
    const girdle = rn > 0.92 ? 0.55 : 1;
    const reflect = (0.08 + 0.25 * bright) * girdle + sparkle;
    // Diamonds look light on white: most facets pass much of the background, a few go dark.
    const through = girdle * Math.max(0, 0.5 + 0.45 * hash2(id, facet + 7) - 0.5 * sparkle);
    out.r = Math.min(1, reflect * (0.5 + 0.5 * tint[0]));
    out.g = Math.min(1, reflect * (0.5 + 0.5 * tint[1]));
    out.b = Math.min(1, reflect * (0.5 + 0.5 * tint[2]));
    out.tr = Math.max(0, through * tint[0]);
    out.tg = Math.max(0, through * tint[1]);
    out.tb = Math.max(0, through * tint[2]);
    // Refraction turns the view behind the stone upside down and shifts each facet a little.
    out.sx = cx - u * 0.6 + (hash2(id, facet + 99) - 0.5) * radius * 0.5;
    out.sy = cy - v * 0.6 + (hash2(id, facet + 199) - 0.5) * radius * 0.5;
  };
}

/** Stone in a metal bezel with prongs; returns the shapes, back to front, and the stone's name. */
function setStone(rng: Rng, style: Style, cx: number, cy: number, radius: number, below = radius): { shapes: Shape[]; stone: string } {
  // Half the stones are diamonds: colourless and see-through, the hard case on white.
  const stoneName = rng() < 0.5 ? 'diamond' : pick(rng, Object.keys(STONES));
  const id = Math.floor(rng() * 1e9);
  const rim = Math.max(1.5, radius * 0.12);
  const shapes: Shape[] = [
    ellipse(cx, cy, radius + rim, radius + rim, 0, bandShader(style, radius + rim, radius + rim, radius / (radius + rim), id), below + rim),
    ellipse(cx, cy, radius, radius, 0, stoneShader(cx, cy, radius, below, STONES[stoneName]!, id), below),
  ];
  const prongs = pick(rng, [0, 4, 6]);
  for (let p = 0; p < prongs; p++) {
    const a = (p / prongs) * Math.PI * 2 + Math.PI / prongs;
    // Prongs sit on the stone's outline (the lower half of a pear stone is longer).
    const ex = Math.cos(a) * radius;
    const ey = Math.sin(a) * (Math.sin(a) > 0 ? below : radius);
    const out = 1 + rim / Math.hypot(ex, ey);
    shapes.push(capsule(cx + ex * 0.85, cy + ey * 0.85, cx + ex * out, cy + ey * out, Math.max(1, rim * 0.8), tubeShader(style, id + p)));
  }
  return { shapes, stone: stoneName };
}

function ring(rng: Rng, style: Style, cx: number, cy: number, size: number): Piece {
  const tilt = between(rng, 0.35, 1);
  const a = size * 0.48;
  const b = a * tilt;
  const angle = between(rng, -0.5, 0.5);
  const inner = between(rng, 0.72, 0.86);
  const dv = -(1 - tilt) * a * 0.08;
  const seed = Math.floor(rng() * 1e9);
  const body = bandShader(style, a, b, inner, seed);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const shapes = [annulus(cx, cy, a, b, angle, inner, 0, dv, body)];
  const words = ['ring'];

  // A set stone on top of the band, small enough never to cover the hole's centre.
  if (rng() < 0.65) {
    const radius = Math.min(a * 0.2, b * 0.6);
    const hx = cx + b * sin;
    const hy = cy - b * cos;
    const head = setStone(rng, style, hx, hy, radius);
    shapes.push(...head.shapes);
    words.push(`set with ${head.stone}`);
  }
  return { shapes, holes: [{ x: cx - dv * sin, y: cy + dv * cos }], words };
}

/** Points along a cubic Bézier curve, spaced by arc length `step`, with their directions. */
function alongCurve(p: number[], step: number): { x: number; y: number; angle: number }[] {
  const dense: { x: number; y: number }[] = [];
  for (let i = 0; i <= 2000; i++) {
    const t = i / 2000;
    const m = 1 - t;
    const w = [m * m * m, 3 * m * m * t, 3 * m * t * t, t * t * t];
    dense.push({
      x: w[0]! * p[0]! + w[1]! * p[2]! + w[2]! * p[4]! + w[3]! * p[6]!,
      y: w[0]! * p[1]! + w[1]! * p[3]! + w[2]! * p[5]! + w[3]! * p[7]!,
    });
  }
  const out: { x: number; y: number; angle: number }[] = [];
  let travelled = 0;
  for (let i = 1; i < dense.length; i++) {
    const a = dense[i - 1]!;
    const b = dense[i]!;
    travelled += Math.hypot(b.x - a.x, b.y - a.y);
    if (travelled >= step) {
      travelled -= step;
      out.push({ x: b.x, y: b.y, angle: Math.atan2(b.y - a.y, b.x - a.x) });
    }
  }
  return out;
}

/** Cable chain along a curve: flat oval links alternating with links seen edge-on; `thickness` in px. */
function chainLinks(rng: Rng, style: Style, curve: number[], thickness: number): Shape[] {
  const length = thickness * between(rng, 1.8, 2.4);
  const seed = Math.floor(rng() * 1e9);
  const shade = tubeShader(style, seed);
  const shapes: Shape[] = [];
  alongCurve(curve, length).forEach((p, i) => {
    const dx = Math.cos(p.angle) * length * 0.6;
    const dy = Math.sin(p.angle) * length * 0.6;
    if (i % 2 === 0) {
      shapes.push(annulus(p.x, p.y, length * 0.65, thickness / 2, p.angle, 0.45, 0, 0, (u, v, out) => shade(u / length, (v / thickness) * 2, out)));
    } else {
      shapes.push(capsule(p.x - dx, p.y - dy, p.x + dx, p.y + dy, Math.max(0.8, thickness * 0.3), shade));
    }
  });
  return shapes;
}

function chain(rng: Rng, style: Style, cx: number, cy: number, size: number): Piece {
  const h = size / 2;
  const thickness = between(rng, 2, 5) * style.scale;
  const curve =
    rng() < 0.5
      ? [cx - h, cy - h * between(rng, 0.6, 1), cx - h * 0.6, cy + h * 1.3, cx + h * 0.6, cy + h * 1.3, cx + h, cy - h * between(rng, 0.6, 1)]
      : [cx - h, cy + h * 0.6, cx - h * 0.2, cy - h * 1.6, cx + h * 0.2, cy + h * 1.6, cx + h, cy - h * 0.6];
  const shapes = chainLinks(rng, style, curve, thickness);
  const seed = Math.floor(rng() * 1e9);
  shapes.push(annulus(curve[0]!, curve[1]!, thickness * 2.2, thickness * 1.6, 0.3, 0.55, 0, 0, bandShader(style, thickness * 2.2, thickness * 1.6, 0.55, seed)));
  return { shapes, holes: [], words: [`chain ${thickness.toFixed(1)} px thick with a clasp`] };
}

function pendant(rng: Rng, style: Style, cx: number, cy: number, size: number): Piece {
  const h = size / 2;
  const thickness = between(rng, 2, 3.5) * style.scale;
  const bailY = cy + h * 0.1;
  const radius = size * between(rng, 0.08, 0.14);
  const pear = rng() < 0.5;
  const stoneY = bailY + radius * 1.5;
  const sag = between(rng, 0.1, 0.4);
  const stone = setStone(rng, style, cx, stoneY, radius, pear ? radius * 1.6 : radius);
  const shapes = [
    ...chainLinks(rng, style, [cx - h, cy - h, cx - h * 0.8, cy + h * sag, cx - h * 0.3, bailY, cx - thickness, bailY], thickness),
    ...chainLinks(rng, style, [cx + thickness, bailY, cx + h * 0.3, bailY, cx + h * 0.8, cy + h * sag, cx + h, cy - h], thickness),
    annulus(cx, bailY + thickness, thickness * 2.5, thickness * 3, 0, 0.5, 0, 0, bandShader(style, thickness * 2.5, thickness * 3, 0.5, 3)),
    ...stone.shapes,
  ];
  return { shapes, holes: [], words: [`pendant with a ${pear ? 'pear' : 'round'} ${stone.stone}`] };
}

function earrings(rng: Rng, style: Style, cx: number, cy: number, size: number): Piece {
  const offset = size * 0.27;
  const hoop = rng() < 0.5;
  const shapes: Shape[] = [];
  const holes: { x: number; y: number }[] = [];
  const a = size * 0.2;
  const tilt = between(rng, 0.8, 1);
  const inner = between(rng, 0.8, 0.88);
  const stud = size * between(rng, 0.04, 0.07);
  const drop = size * between(rng, 0.08, 0.12);
  const stoneSeed = Math.floor(rng() * 1e9);
  let stones = '';

  // Both earrings of the pair come from the same random stream so that they match.
  for (const side of [-1, 1]) {
    const x = cx + side * offset;
    const pairRng = mulberry32(stoneSeed);
    if (hoop) {
      shapes.push(annulus(x, cy, a, a * tilt, side * 0.15, inner, 0, 0, bandShader(style, a, a * tilt, inner, stoneSeed)));
      holes.push({ x, y: cy });
    } else {
      const top = cy - size * 0.35;
      const stud1 = setStone(pairRng, style, x, top, stud);
      shapes.push(...stud1.shapes);
      const thickness = Math.max(2, stud * 0.3);
      shapes.push(capsule(x, top + stud, x, cy + size * 0.1 - drop, thickness / 2, tubeShader(style, stoneSeed)));
      const bottom = setStone(pairRng, style, x, cy + size * 0.1 + drop * 0.2, drop, drop * 1.5);
      shapes.push(...bottom.shapes);
      stones = `${stud1.stone} studs and ${bottom.stone} drops`;
    }
  }
  return { shapes, holes, words: [hoop ? 'pair of hoop earrings' : `pair of drop earrings, ${stones}`] };
}

const BUILDERS: Record<SyntheticKind, (rng: Rng, style: Style, cx: number, cy: number, size: number) => Piece> = {
  ring,
  chain,
  pendant,
  earrings,
};

/** Box blur of a small grid, in place along rows then columns (three passes ≈ Gaussian). */
function boxBlur(grid: Float32Array, w: number, h: number, radius: number): void {
  const r = Math.max(1, Math.round(radius));
  const tmp = new Float32Array(Math.max(w, h));
  for (let pass = 0; pass < 3; pass++) {
    for (let line = 0; line < h; line++) blurLine(grid, line * w, 1, w, r, tmp);
    for (let line = 0; line < w; line++) blurLine(grid, line, w, h, r, tmp);
  }
}

function blurLine(grid: Float32Array, start: number, stride: number, n: number, r: number, tmp: Float32Array): void {
  for (let i = 0; i < n; i++) tmp[i] = grid[start + i * stride]!;
  let sum = 0;
  for (let i = -r; i <= r; i++) sum += tmp[Math.min(n - 1, Math.max(0, i))]!;
  for (let i = 0; i < n; i++) {
    grid[start + i * stride] = sum / (2 * r + 1);
    sum += tmp[Math.min(n - 1, i + r + 1)]! - tmp[Math.max(0, i - r)]!;
  }
}


/** Draws one synthetic photo; the same seed and options give the same bytes. */
export async function generateSyntheticPhoto(seed: number, options: SyntheticOptions = {}): Promise<SyntheticPhoto> {
  const rng = mulberry32(seed);
  const width = options.width ?? options.size ?? 1024;
  const height = options.height ?? options.size ?? 1024;
  const kind = options.kind ?? pick(rng, SYNTHETIC_KINDS);
  const backgroundKind = options.background ?? (rng() < 0.7 ? 'white' : 'grey');
  const metalName = pick(rng, Object.keys(METALS));
  const style: Style = { metal: METALS[metalName]!, light: between(rng, -Math.PI, Math.PI), scale: Math.max(1, Math.min(width, height) / 1024) };

  // The piece spans sqrt(10..60 %) of the shorter side, off-centre in four photos out of ten.
  const side = Math.min(width, height);
  const size = side * Math.sqrt(between(rng, 0.1, 0.6));
  const slackX = (width - size) / 2 - side * 0.05;
  const slackY = (height - size) / 2 - side * 0.05;
  const offCentre = rng() < 0.4;
  const cx = width / 2 + (offCentre ? between(rng, -1, 1) * slackX * 0.8 : 0);
  const cy = height / 2 + (offCentre ? between(rng, -1, 1) * slackY * 0.8 : 0);
  const piece = BUILDERS[kind](rng, style, cx, cy, size);
  const layer = new PieceLayer(width, height);
  for (const shape of piece.shapes) layer.draw(shape);

  // Table: base level, linear gradient, vignetting.
  const base = backgroundKind === 'white' ? between(rng, 0.93, 0.99) : between(rng, 0.78, 0.88);
  const gradAngle = between(rng, 0, 2 * Math.PI);
  const gradAmount = between(rng, 0.015, 0.06);
  const vignette = between(rng, 0.02, 0.12);
  const gx = (Math.cos(gradAngle) * gradAmount) / width;
  const gy = (Math.sin(gradAngle) * gradAmount) / height;
  const n = width * height;
  const bg = new Float32Array(n * 3);
  const halfDiag2 = (width * width + height * height) / 4;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const dx = x - width / 2;
      const dy = y - height / 2;
      const level = (base + gx * dx + gy * dy) * (1 - (vignette * (dx * dx + dy * dy)) / halfDiag2);
      const i = 3 * (y * width + x);
      bg[i] = bg[i + 1] = bg[i + 2] = level;
    }
  }

  // Light through a stone comes from the lit table, not from the piece's own shadow.
  const table = bg.slice();

  // Soft contact shadow: the coverage, shifted away from the light, blurred on a coarse grid.
  const cell = Math.max(2, Math.round(side / 256));
  const gw = Math.ceil(width / cell);
  const gh = Math.ceil(height / cell);
  const grid = new Float32Array(gw * gh);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) grid[Math.floor(y / cell) * gw + Math.floor(x / cell)]! += layer.coverage[y * width + x]! / (cell * cell);
  }
  boxBlur(grid, gw, gh, (size * between(rng, 0.01, 0.03)) / cell);
  const shadowStrength = between(rng, 0.15, 0.4);
  const shiftX = -Math.cos(style.light) * size * 0.02;
  const shiftY = Math.abs(Math.sin(style.light)) * size * 0.02 + size * 0.01;
  for (let y = 0; y < height; y++) {
    const gyf = Math.min(gh - 1, Math.max(0, (y - shiftY) / cell - 0.5));
    const y0 = Math.floor(gyf);
    const y1 = Math.min(gh - 1, y0 + 1);
    const fy = gyf - y0;
    for (let x = 0; x < width; x++) {
      const gxf = Math.min(gw - 1, Math.max(0, (x - shiftX) / cell - 0.5));
      const x0 = Math.floor(gxf);
      const x1 = Math.min(gw - 1, x0 + 1);
      const fx = gxf - x0;
      const s =
        (grid[y0 * gw + x0]! * (1 - fx) + grid[y0 * gw + x1]! * fx) * (1 - fy) +
        (grid[y1 * gw + x0]! * (1 - fx) + grid[y1 * gw + x1]! * fx) * fy;
      const k = 1 - shadowStrength * Math.min(1, s * 1.5);
      const i = 3 * (y * width + x);
      bg[i] = bg[i]! * k;
      bg[i + 1] = bg[i + 1]! * k;
      bg[i + 2] = bg[i + 2]! * k;
    }
  }

  // Faint mirror image of the piece on the table, below its lowest row, fading with distance.
  let bottom = -1;
  for (let i = n - 1; i >= 0; i--) {
    if (layer.coverage[i]! > 0.01) {
      bottom = Math.floor(i / width);
      break;
    }
  }
  const reflection = between(rng, 0.05, 0.18);
  const fade = size * between(rng, 0.1, 0.3);
  for (let y = bottom + 1; bottom >= 0 && y < Math.min(height, bottom + fade); y++) {
    const my = 2 * bottom - y;
    if (my < 0) break;
    const w = reflection * (1 - (y - bottom) / fade);
    for (let x = 0; x < width; x++) {
      const m = my * width + x;
      const c = layer.coverage[m]! * w;
      if (c < 1e-3) continue;
      const i = 3 * (y * width + x);
      for (let ch = 0; ch < 3; ch++) {
        const piecePixel = layer.colour[3 * m + ch]! + layer.transmission[3 * m + ch]! * bg[i + ch]!;
        bg[i + ch] = bg[i + ch]! * (1 - c) + w * piecePixel;
      }
    }
  }

  // Composite, colour cast of the whole photo, sensor noise, 8-bit.
  const cast = pick(rng, ['warm', 'cool', 'neutral'] as const);
  const castAmount = between(rng, 0.02, 0.06);
  const gain: Rgb = cast === 'warm' ? [1 + castAmount * 0.5, 1, 1 - castAmount] : cast === 'cool' ? [1 - castAmount, 1, 1 + castAmount * 0.3] : [1, 1, 1];
  const noise = between(rng, 0.004, 0.016);
  const raw = Buffer.alloc(n * 3);
  for (let p = 0; p < n; p++) {
    const c = layer.coverage[p]!;
    const src = layer.source[p]! >= 0 ? layer.source[p]! : p;
    const [n1, n2] = standardNormalPair(rng);
    for (let ch = 0; ch < 3; ch++) {
      const i = 3 * p + ch;
      let v = bg[i]! * (1 - c) + layer.colour[i]! + layer.transmission[i]! * table[3 * src + ch]!;
      v = v * gain[ch]! + noise * (n1 + 0.3 * (ch === 1 ? n2 : -n2));
      raw[i] = Math.max(0, Math.min(255, Math.round(v * 255)));
    }
  }

  const quality = Math.floor(between(rng, 80, 96));
  const image = await sharp(raw, { raw: { width, height, channels: 3 } }).jpeg({ quality, chromaSubsampling: '4:2:0' }).toBuffer();
  const mask = new Uint8Array(n);
  for (let p = 0; p < n; p++) mask[p] = layer.coverage[p]! >= 0.5 ? 255 : 0;

  const description = [
    metalName,
    ...piece.words,
    `on a ${backgroundKind === 'white' ? 'near-white' : 'light grey'} table`,
    `${cast} cast`,
    `shadow ${shadowStrength.toFixed(2)}`,
    `reflection ${reflection.toFixed(2)}`,
    `noise ${(noise * 255).toFixed(1)}/255`,
    `JPEG quality ${quality}`,
  ].join(', ');
  return { image, width, height, mask, coverage: layer.coverage, kind, holes: piece.holes, description };
}

/** Seed of the i-th photo of a set, independent of the others. */
function memberSeed(seed: number, index: number): number {
  return Math.floor(hash2(seed, index) * 4294967296);
}

/** `count` photos; kinds cycle so that every kind appears in any set of four or more. */
export async function generateSyntheticSet(count: number, seed: number, size = 1024): Promise<SyntheticPhoto[]> {
  const photos: SyntheticPhoto[] = [];
  for (let i = 0; i < count; i++) {
    photos.push(await generateSyntheticPhoto(memberSeed(seed, i), { size, kind: SYNTHETIC_KINDS[i % SYNTHETIC_KINDS.length]! }));
  }
  return photos;
}

/**
 * Writes `dir/NNN-kind/image.jpg` and `mask.png` (8-bit grey, 0/255) for each photo of the set,
 * plus `set.json` listing them with their descriptions. Returns the folders written.
 */
export async function writeSyntheticSet(dir: string, count: number, seed: number, size = 1024): Promise<string[]> {
  const folders: string[] = [];
  const manifest: { folder: string; kind: SyntheticKind; width: number; height: number; description: string }[] = [];
  for (let i = 0; i < count; i++) {
    const photo = await generateSyntheticPhoto(memberSeed(seed, i), { size, kind: SYNTHETIC_KINDS[i % SYNTHETIC_KINDS.length]! });
    const folder = join(dir, `${String(i).padStart(3, '0')}-${photo.kind}`);
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'image.jpg'), photo.image);
    await sharp(Buffer.from(photo.mask), { raw: { width: photo.width, height: photo.height, channels: 1 } })
      .toColourspace('b-w')
      .png()
      .toFile(join(folder, 'mask.png'));
    folders.push(folder);
    manifest.push({ folder, kind: photo.kind, width: photo.width, height: photo.height, description: photo.description });
  }
  await writeFile(join(dir, 'set.json'), `${JSON.stringify({ seed, size, photos: manifest }, null, 2)}\n`);
  return folders;
}
