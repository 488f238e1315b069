/**
 * Exact Euclidean distance transform (Felzenszwalb & Huttenlocher, "Distance Transforms of
 * Sampled Functions", 2012): two separable passes of the 1-D lower envelope of parabolas.
 * Runs in O(width × height).
 */

/** Result of {@link distanceToForeground}. */
export interface DistanceField {
  /** Euclidean distance in pixels to the nearest foreground pixel (0 on foreground). */
  distance: Float64Array;
  /** Row-major index (y × width + x) of that nearest foreground pixel; -1 when there is none. */
  nearest: Int32Array;
}

// Stands in for "no foreground on this line": larger than any squared distance in an image.
const FAR = 1e20;

/**
 * One-dimensional squared distance transform of `f` (length n) with the argmin position.
 * Writes d[q] = min_p ((q - p)² + f[p]) and arg[q] = that p; scratch arrays are passed in so
 * that a whole image reuses them.
 */
function transform1d(
  f: Float64Array,
  n: number,
  d: Float64Array,
  arg: Int32Array,
  v: Int32Array,
  z: Float64Array,
): void {
  // v holds the parabola vertices of the lower envelope, z the boundaries between them.
  let k = 0;
  v[0] = 0;
  z[0] = -Infinity;
  z[1] = Infinity;
  for (let q = 1; q < n; q++) {
    let s = (f[q]! + q * q - (f[v[k]!]! + v[k]! * v[k]!)) / (2 * q - 2 * v[k]!);
    while (s <= z[k]!) {
      k--;
      s = (f[q]! + q * q - (f[v[k]!]! + v[k]! * v[k]!)) / (2 * q - 2 * v[k]!);
    }
    k++;
    v[k] = q;
    z[k] = s;
    z[k + 1] = Infinity;
  }

  k = 0;
  for (let q = 0; q < n; q++) {
    while (z[k + 1]! < q) k++;
    const p = v[k]!;
    d[q] = (q - p) * (q - p) + f[p]!;
    arg[q] = p;
  }
}

/**
 * Distance from every pixel to the nearest pixel where `mask` is non-zero, with that pixel's
 * index. `mask` is row-major, width × height. With no foreground at all, every distance is
 * Infinity and every index -1.
 */
export function distanceToForeground(mask: Uint8Array, width: number, height: number): DistanceField {
  const size = width * height;
  const n = Math.max(width, height);
  const f = new Float64Array(n);
  const d = new Float64Array(n);
  const arg = new Int32Array(n);
  const v = new Int32Array(n);
  const z = new Float64Array(n + 1);

  // Pass 1, columns: squared vertical distance and the row of the nearest foreground pixel.
  const colDist = new Float64Array(size);
  const colRow = new Int32Array(size);
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) f[y] = mask[y * width + x] ? 0 : FAR;
    transform1d(f, height, d, arg, v, z);
    for (let y = 0; y < height; y++) {
      colDist[y * width + x] = d[y]!;
      colRow[y * width + x] = arg[y]!;
    }
  }

  // Pass 2, rows: combine with horizontal distance; the argmin column picks the source row.
  const distance = new Float64Array(size);
  const nearest = new Int32Array(size);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) f[x] = colDist[row + x]!;
    transform1d(f, width, d, arg, v, z);
    for (let x = 0; x < width; x++) {
      const sq = d[x]!;
      if (sq >= FAR) {
        distance[row + x] = Infinity;
        nearest[row + x] = -1;
      } else {
        const sx = arg[x]!;
        distance[row + x] = Math.sqrt(sq);
        nearest[row + x] = colRow[row + sx]! * width + sx;
      }
    }
  }

  return { distance, nearest };
}
