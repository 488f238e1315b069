/**
 * Raster operations on single-channel row-major images used by segmentation and matting:
 * box blur, binary morphology with a square structuring element, connected components.
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
 * Labels 4-connected (or 8-connected) regions of the pixels where `selected` is non-zero.
 * Works on runs of selected pixels along each row: a run joins the runs of the row above
 * that it touches (union-find), so the cost follows the number of runs, not of pixels.
 * Components are numbered in the raster order of their first pixel.
 */
export function labelComponents(width: number, height: number, selected: Uint8Array, connectivity: 4 | 8 = 4): Components {
  const runs = findRuns(width, height, selected);
  const reach = connectivity === 8 ? 1 : 0;

  // Union each run with the runs of the previous row that overlap it (or touch it diagonally
  // for 8-connectivity). Both rows' runs are sorted by start, so one pointer walks them.
  const parent = new Int32Array(runs.count);
  for (let r = 0; r < runs.count; r++) parent[r] = r;
  let above = 0;
  for (let r = 0; r < runs.count; r++) {
    const row = runs.row[r]!;
    const start = runs.start[r]!;
    // Runs above that end before this run cannot touch any later run of this row either.
    while (above < r && (runs.row[above]! < row - 1 || (runs.row[above] === row - 1 && runs.end[above]! + reach <= start))) above++;
    for (let a = above; a < r && runs.row[a] === row - 1 && runs.start[a]! < runs.end[r]! + reach; a++) union(parent, a, r);
  }

  // Number the roots in raster order and gather areas and border contact per component.
  const labels = new Int32Array(width * height);
  const areas = [0];
  const touchesBorder = [false];
  const labelOfRoot = new Int32Array(runs.count);
  for (let r = 0; r < runs.count; r++) {
    const root = find(parent, r);
    if (labelOfRoot[root] === 0) {
      labelOfRoot[root] = areas.length;
      areas.push(0);
      touchesBorder.push(false);
    }
    const label = labelOfRoot[root]!;
    const row = runs.row[r]!;
    const start = runs.start[r]!;
    const end = runs.end[r]!;
    areas[label]! += end - start;
    if (row === 0 || row === height - 1 || start === 0 || end === width) touchesBorder[label] = true;
    labels.fill(label, row * width + start, row * width + end);
  }
  return { labels, areas, touchesBorder };
}

interface Runs {
  count: number;
  row: Int32Array;
  /** First column of the run. */
  start: Int32Array;
  /** Column after the run's last pixel. */
  end: Int32Array;
}

/** Finds the maximal runs of selected pixels in each row, in raster order. */
function findRuns(width: number, height: number, selected: Uint8Array): Runs {
  let capacity = 1024;
  let runs: Runs = { count: 0, row: new Int32Array(capacity), start: new Int32Array(capacity), end: new Int32Array(capacity) };
  for (let y = 0; y < height; y++) {
    const offset = y * width;
    let x = 0;
    while (x < width) {
      while (x < width && !selected[offset + x]) x++;
      if (x === width) break;
      const start = x;
      while (x < width && selected[offset + x]) x++;
      if (runs.count === capacity) {
        capacity *= 2;
        runs = { count: runs.count, row: grow(runs.row, capacity), start: grow(runs.start, capacity), end: grow(runs.end, capacity) };
      }
      runs.row[runs.count] = y;
      runs.start[runs.count] = start;
      runs.end[runs.count] = x;
      runs.count++;
    }
  }
  return runs;
}

function grow(array: Int32Array, capacity: number): Int32Array {
  const out = new Int32Array(capacity);
  out.set(array);
  return out;
}

/** Finds the root of run r, halving the path on the way. */
function find(parent: Int32Array, r: number): number {
  while (parent[r] !== r) {
    parent[r] = parent[parent[r]!]!;
    r = parent[r]!;
  }
  return r;
}

/** Joins two sets under the smaller root, so that a root is always a set's earliest run. */
function union(parent: Int32Array, a: number, b: number): void {
  const rootA = find(parent, a);
  const rootB = find(parent, b);
  if (rootA < rootB) parent[rootB] = rootA;
  else if (rootB < rootA) parent[rootA] = rootB;
}
