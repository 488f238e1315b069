/**
 * Raster operations on single-channel row-major images used by segmentation and matting:
 * box blur, binary morphology with a round structuring element, connected components.
 * Masks are Uint8Array with 0 = background and any other value = set.
 */

/**
 * Mean over a (2r + 1)² window, edges clamped (the edge pixel repeats). Two separable passes
 * of running sums: O(width × height) whatever the radius. Returns a new array.
 */
export function boxBlur(image: Float32Array, width: number, height: number, radius: number): Float32Array {
  const r = Math.max(0, Math.round(radius));
  if (r === 0) return image.slice();
  const temp = new Float32Array(width * height);
  const out = new Float32Array(width * height);
  const span = 2 * r + 1;

  for (let y = 0; y < height; y++) {
    const row = y * width;
    let sum = 0;
    for (let k = -r; k <= r; k++) sum += image[row + clamp(k, 0, width - 1)]!;
    for (let x = 0; x < width; x++) {
      temp[row + x] = sum / span;
      sum += image[row + Math.min(width - 1, x + r + 1)]! - image[row + Math.max(0, x - r)]!;
    }
  }

  // Vertical pass row by row, with one running sum per column, so memory is read in order.
  const sums = new Float64Array(width);
  for (let k = -r; k <= r; k++) {
    const row = clamp(k, 0, height - 1) * width;
    for (let x = 0; x < width; x++) sums[x] = sums[x]! + temp[row + x]!;
  }
  for (let y = 0; y < height; y++) {
    const row = y * width;
    const enter = Math.min(height - 1, y + r + 1) * width;
    const leave = Math.max(0, y - r) * width;
    for (let x = 0; x < width; x++) {
      out[row + x] = sums[x]! / span;
      sums[x] = sums[x]! + temp[enter + x]! - temp[leave + x]!;
    }
  }
  return out;
}

function clamp(value: number, low: number, high: number): number {
  return value < low ? low : value > high ? high : value;
}

/**
 * Number of set pixels in the (2r + 1)² square around each pixel (outside the image counts
 * as unset), by two passes of running sums. O(width × height) whatever the radius.
 */
function squareCounts(mask: Uint8Array, width: number, height: number, r: number): Int32Array {
  const rows = new Int32Array(width * height);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let sum = 0;
    for (let x = 0; x <= Math.min(r, width - 1); x++) sum += mask[row + x] ? 1 : 0;
    for (let x = 0; x < width; x++) {
      rows[row + x] = sum;
      const enter = x + r + 1;
      const leave = x - r;
      if (enter < width && mask[row + enter]) sum++;
      if (leave >= 0 && mask[row + leave]) sum--;
    }
  }
  // Vertical pass row by row, with one running count per column, so memory is read in order.
  const out = new Int32Array(width * height);
  const sums = new Int32Array(width);
  for (let y = 0; y <= Math.min(r, height - 1); y++) {
    for (let x = 0; x < width; x++) sums[x] = sums[x]! + rows[y * width + x]!;
  }
  for (let y = 0; y < height; y++) {
    const row = y * width;
    const enter = y + r + 1 < height ? (y + r + 1) * width : -1;
    const leave = y - r >= 0 ? (y - r) * width : -1;
    for (let x = 0; x < width; x++) {
      out[row + x] = sums[x]!;
      let next = sums[x]!;
      if (enter >= 0) next += rows[enter + x]!;
      if (leave >= 0) next -= rows[leave + x]!;
      sums[x] = next;
    }
  }
  return out;
}

/**
 * Pixels within `radius` of a set pixel become set. The neighbourhood is a square of side
 * 2·round(radius) + 1: cheaper than a disc and close enough for bridging gaps and bands.
 */
export function dilate(mask: Uint8Array, width: number, height: number, radius: number): Uint8Array {
  const counts = squareCounts(mask, width, height, Math.max(0, Math.round(radius)));
  const out = new Uint8Array(mask.length);
  for (let i = 0; i < out.length; i++) out[i] = counts[i]! > 0 ? 1 : 0;
  return out;
}

/** Set pixels with an unset pixel (or the image edge) within the square of `radius` become unset. */
export function erode(mask: Uint8Array, width: number, height: number, radius: number): Uint8Array {
  const r = Math.max(0, Math.round(radius));
  const full = (2 * r + 1) * (2 * r + 1);
  const counts = squareCounts(mask, width, height, r);
  const out = new Uint8Array(mask.length);
  for (let i = 0; i < out.length; i++) out[i] = mask[i] && counts[i] === full ? 1 : 0;
  return out;
}

/** Dilation then erosion: bridges gaps narrower than 2 × radius without growing the shape. */
export function close(mask: Uint8Array, width: number, height: number, radius: number): Uint8Array {
  return erode(dilate(mask, width, height, radius), width, height, radius);
}

export interface Components {
  /** Component number per pixel, 1-based; 0 where the input is not selected. */
  labels: Int32Array;
  /** Pixel count per component; index 0 unused. */
  areas: number[];
  /** Whether the component touches the image border; index 0 unused. */
  touchesBorder: boolean[];
}

/**
 * Labels 4-connected (or 8-connected) regions of the pixels where `selected` is non-zero,
 * with a flood fill on an explicit stack (no recursion, so large regions cannot overflow).
 */
export function labelComponents(width: number, height: number, selected: Uint8Array, connectivity: 4 | 8 = 4): Components {
  const n = width * height;
  const labels = new Int32Array(n);
  const areas = [0];
  const touchesBorder = [false];
  const stack = new Int32Array(n);

  for (let start = 0; start < n; start++) {
    if (labels[start] !== 0 || !selected[start]) continue;
    const label = areas.length;
    let area = 0;
    let border = false;
    let top = 0;
    stack[top++] = start;
    labels[start] = label;

    while (top > 0) {
      const i = stack[--top]!;
      area++;
      const x = i % width;
      const y = (i - x) / width;
      if (x === 0 || y === 0 || x === width - 1 || y === height - 1) border = true;
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          if (dx === 0 && dy === 0) continue;
          if (connectivity === 4 && dx !== 0 && dy !== 0) continue;
          const nx = x + dx;
          if (nx < 0 || nx >= width) continue;
          const j = ny * width + nx;
          if (labels[j] === 0 && selected[j]) {
            labels[j] = label;
            stack[top++] = j;
          }
        }
      }
    }
    areas.push(area);
    touchesBorder.push(border);
  }
  return { labels, areas, touchesBorder };
}
