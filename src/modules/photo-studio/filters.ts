/** Small image filters used by the segmentation metrics. */

/**
 * Square Gaussian kernel of side `size` and standard deviation `sigma` (pixels), as MATLAB's
 * fspecial('gaussian') defines it: exp(-(x² + y²) / 2σ²) on integer offsets from the centre,
 * values below machine epsilon × the peak set to 0, then normalised to sum 1. Row-major.
 */
export function gaussianKernel(size: number, sigma: number): Float64Array {
  const kernel = new Float64Array(size * size);
  const half = (size - 1) / 2;
  let peak = 0;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const dx = x - half;
      const dy = y - half;
      const value = Math.exp(-(dx * dx + dy * dy) / (2 * sigma * sigma));
      kernel[y * size + x] = value;
      peak = Math.max(peak, value);
    }
  }

  let sum = 0;
  for (let i = 0; i < kernel.length; i++) {
    if (kernel[i]! < Number.EPSILON * peak) kernel[i] = 0;
    sum += kernel[i]!;
  }
  if (sum !== 0) for (let i = 0; i < kernel.length; i++) kernel[i] = kernel[i]! / sum;
  return kernel;
}

/**
 * Correlates `image` (row-major, width × height) with a square odd-sided kernel, treating
 * pixels outside the image as 0; the output has the image's size. For a symmetric kernel
 * this equals convolution.
 */
export function filterZeroPadded(
  image: Float64Array,
  width: number,
  height: number,
  kernel: Float64Array,
  size: number,
): Float64Array {
  const out = new Float64Array(width * height);
  const half = (size - 1) >> 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let acc = 0;
      for (let ky = 0; ky < size; ky++) {
        const sy = y + ky - half;
        if (sy < 0 || sy >= height) continue;
        const row = sy * width;
        const krow = ky * size;
        for (let kx = 0; kx < size; kx++) {
          const sx = x + kx - half;
          if (sx < 0 || sx >= width) continue;
          acc += kernel[krow + kx]! * image[row + sx]!;
        }
      }
      out[y * width + x] = acc;
    }
  }
  return out;
}

/**
 * Marks the pixels of `mask` (non-zero = inside) that lie within `d` pixels of its contour in
 * the chessboard metric: some pixel of the (2d + 1)² square around them is outside the mask,
 * where everything beyond the image edge counts as outside. This is the mask minus its
 * erosion by d iterations of a 3 × 3 square, as the boundary IoU reference code does.
 */
export function innerBand(mask: Uint8Array, width: number, height: number, d: number): Uint8Array {
  // Separable minimum filter: first along rows, then along columns.
  const rowMin = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let m = 1;
      for (let k = -d; k <= d && m; k++) {
        const sx = x + k;
        if (sx < 0 || sx >= width || !mask[y * width + sx]) m = 0;
      }
      rowMin[y * width + x] = m;
    }
  }

  const band = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (!mask[i]) continue;
      let m = 1;
      for (let k = -d; k <= d && m; k++) {
        const sy = y + k;
        if (sy < 0 || sy >= height || !rowMin[sy * width + x]) m = 0;
      }
      band[i] = m ? 0 : 1;
    }
  }
  return band;
}
