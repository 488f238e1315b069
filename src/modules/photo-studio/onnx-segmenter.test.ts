import { rejectionOf } from '../../../test/helpers/errors.js';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { domainErrorOf } from '../../../test/helpers/errors.js';
import { isDomainError } from '../../shared/errors.js';
import { iou } from './metrics.js';
import { buildTinySegmentationModel } from './onnx-model-builder.js';
import { createOnnxSegmenter, resizeBilinear, type OnnxSegmenter } from './onnx-segmenter.js';
import type { WorkingImage } from './pipeline-types.js';

const WIDTH = 120;
const HEIGHT = 100;
/** The dark piece: a 40 × 40 square with its top-left corner at (40, 30). */
const SQUARE = { left: 40, top: 30, side: 40 };
const PIECE_RGB = [40, 36, 30] as const;

/** White working image with the dark square, and the square's exact mask. */
function syntheticPhoto(): { image: WorkingImage; mask: Uint8Array } {
  const data = new Uint8Array(WIDTH * HEIGHT * 3).fill(255);
  const mask = new Uint8Array(WIDTH * HEIGHT);
  for (let y = SQUARE.top; y < SQUARE.top + SQUARE.side; y++) {
    for (let x = SQUARE.left; x < SQUARE.left + SQUARE.side; x++) {
      data.set(PIECE_RGB, (y * WIDTH + x) * 3);
      mask[y * WIDTH + x] = 1;
    }
  }
  return { image: { data, width: WIDTH, height: HEIGHT }, mask };
}

function threshold(map: Float32Array, level = 0.5): Uint8Array {
  return Uint8Array.from(map, (value) => (value >= level ? 1 : 0));
}

function spyLogger() {
  return { info: vi.fn(), warn: vi.fn() };
}

/** Messages of the log calls, pino style: (object, message). */
function messages(log: ReturnType<typeof vi.fn>): string[] {
  return log.mock.calls.map((call) => String(call[1]));
}


let dir: string;
const segmenters: OnnxSegmenter[] = [];

/** Writes a model file into the temp dir and returns its path. */
async function modelFile(name: string, bytes: Uint8Array | string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, bytes);
  return path;
}

/** Creates a segmenter whose session is released after the tests. */
function segmenter(options: Parameters<typeof createOnnxSegmenter>[0]): OnnxSegmenter {
  const created = createOnnxSegmenter(options);
  segmenters.push(created);
  return created;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tsunagu-onnx-'));
});

afterAll(async () => {
  await Promise.all(segmenters.map((created) => created.release()));
  await rm(dir, { recursive: true, force: true });
});

describe('createOnnxSegmenter', () => {
  it('marks a dark square on white', async () => {
    const modelPath = await modelFile('tiny.onnx', buildTinySegmentationModel());
    const logger = spyLogger();
    const { image, mask } = syntheticPhoto();

    const map = await segmenter({ modelPath, logger }).segment(image);

    expect(map).toBeInstanceOf(Float32Array);
    expect(map.length).toBe(WIDTH * HEIGHT);
    expect(Math.min(...map)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...map)).toBeLessThanOrEqual(1);
    expect(iou(threshold(map), mask)).toBeGreaterThanOrEqual(0.95);

    // The model leaves H and W open, so the default 320 × 320 is used.
    const loaded = logger.info.mock.calls[0]?.[0] as Record<string, unknown>;
    expect(loaded).toMatchObject({ modelPath, inputWidth: 320, inputHeight: 320, outputName: 'output' });
    expect(loaded.ms).toEqual(expect.any(Number));
  });

  it('loads the model once for three calls', async () => {
    const modelPath = await modelFile('once.onnx', buildTinySegmentationModel());
    const logger = spyLogger();
    const onnx = segmenter({ modelPath, logger });
    const { image, mask } = syntheticPhoto();

    const [first, second] = await Promise.all([onnx.segment(image), onnx.segment(image)]);
    const third = await onnx.segment(image);

    expect(messages(logger.info)).toEqual(['onnx segmentation model loaded']);
    expect(iou(threshold(first), mask)).toBeGreaterThanOrEqual(0.95);
    expect(Array.from(second)).toEqual(Array.from(first));
    expect(Array.from(third)).toEqual(Array.from(first));
  });

  it('names itself after the model file', () => {
    expect(segmenter({ modelPath: join(dir, 'u2netp.onnx') }).name).toBe('onnx:u2netp.onnx');
  });

  it('reads a fixed input size from the model', async () => {
    const modelPath = await modelFile('fixed.onnx', buildTinySegmentationModel({ size: { height: 48, width: 64 } }));
    const logger = spyLogger();
    const { image, mask } = syntheticPhoto();

    const map = await segmenter({ modelPath, logger }).segment(image);

    expect(logger.info.mock.calls[0]?.[0]).toMatchObject({ inputWidth: 64, inputHeight: 48 });
    expect(map.length).toBe(WIDTH * HEIGHT);
    expect(iou(threshold(map), mask)).toBeGreaterThanOrEqual(0.95);
  });

  it('uses the requested size for open dimensions', async () => {
    const modelPath = await modelFile('open.onnx', buildTinySegmentationModel());
    const logger = spyLogger();

    await segmenter({ modelPath, logger, inputSize: { width: 96, height: 80 } }).segment(syntheticPhoto().image);

    expect(logger.info.mock.calls[0]?.[0]).toMatchObject({ inputWidth: 96, inputHeight: 80 });
  });

  it('applies a sigmoid to logits', async () => {
    const modelPath = await modelFile('logits.onnx', buildTinySegmentationModel({ sigmoid: false }));
    const { image, mask } = syntheticPhoto();

    const map = await segmenter({ modelPath, outputKind: 'logits' }).segment(image);

    expect(Math.min(...map)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...map)).toBeLessThanOrEqual(1);
    expect(iou(threshold(map), mask)).toBeGreaterThanOrEqual(0.95);
  });

  it('stretches an output outside 0..1 to 0..1', async () => {
    // Logits read as probabilities: about -7.3 on white and +3.9 on the piece.
    const modelPath = await modelFile('unscaled.onnx', buildTinySegmentationModel({ sigmoid: false }));
    const { image, mask } = syntheticPhoto();

    const map = await segmenter({ modelPath }).segment(image);

    // The stretch hits 0 and 1 exactly at model resolution, but resizing the map back
    // interpolates away the extreme pixels, so the checks leave a margin.
    expect(Math.min(...map)).toBeGreaterThanOrEqual(0);
    expect(Math.min(...map)).toBeLessThan(0.05);
    expect(Math.max(...map)).toBeLessThanOrEqual(1);
    expect(Math.max(...map)).toBeGreaterThan(0.9);
    expect(iou(threshold(map), mask)).toBeGreaterThanOrEqual(0.95);
  });

  it('rejects a missing model file', async () => {
    const modelPath = join(dir, 'absent.onnx');
    const logger = spyLogger();

    const error = await rejectionOf(segmenter({ modelPath, logger }).segment(syntheticPhoto().image));

    expect(error.code).toBe('onnx_model_missing');
    expect(error.ja).toContain(modelPath);
    expect(error.ja).toContain('見つかりません');
    expect(error.en).toContain(modelPath);
    expect(error.en).toContain('not found');
    expect(messages(logger.warn)).toEqual(['onnx segmentation model failed to load']);
    expect(logger.warn.mock.calls[0]?.[0]).toMatchObject({ modelPath, code: 'onnx_model_missing' });
  });

  it('retries the load after a failure', async () => {
    const modelPath = join(dir, 'late.onnx');
    const onnx = segmenter({ modelPath });
    const { image, mask } = syntheticPhoto();

    expect((await rejectionOf(onnx.segment(image))).code).toBe('onnx_model_missing');
    await writeFile(modelPath, buildTinySegmentationModel());
    const map = await onnx.segment(image);

    expect(iou(threshold(map), mask)).toBeGreaterThanOrEqual(0.95);
  });

  it('rejects an unreadable model path', async () => {
    // A directory: readFile fails with EISDIR, also when the tests run as root.
    const modelPath = dir;

    const error = await rejectionOf(segmenter({ modelPath }).segment(syntheticPhoto().image));

    expect(error.code).toBe('onnx_model_unreadable');
    expect(error.ja).toContain(modelPath);
    expect(error.ja).toContain('EISDIR');
    expect(error.en).toContain(modelPath);
    expect(error.en).toContain('EISDIR');
  });

  it('rejects a file that is not ONNX', async () => {
    const modelPath = await modelFile('notes.onnx', 'This is a text file, not a model.\n');

    const error = await rejectionOf(segmenter({ modelPath }).segment(syntheticPhoto().image));

    expect(error.code).toBe('onnx_model_invalid');
    expect(error.ja).toContain(modelPath);
    expect(error.ja).toContain('ONNX モデルとして読み込めませんでした');
    expect(error.en).toContain(modelPath);
    expect(error.en).toContain('could not be loaded as an ONNX model');
  });

  it('rejects a two-channel output', async () => {
    const modelPath = await modelFile('two-channels.onnx', buildTinySegmentationModel({ outputChannels: 2 }));

    const error = await rejectionOf(segmenter({ modelPath }).segment(syntheticPhoto().image));

    expect(error.code).toBe('onnx_output_shape');
    for (const message of [error.ja, error.en]) {
      expect(message).toContain(modelPath);
      expect(message).toContain('float32 [1, 2, height, width]');
      expect(message).toContain('[1, 1, H, W]');
    }
  });

  it('rejects a size that contradicts the model', async () => {
    const modelPath = await modelFile('fixed-64.onnx', buildTinySegmentationModel({ size: { height: 64, width: 64 } }));

    const error = await rejectionOf(segmenter({ modelPath, inputSize: 320 }).segment(syntheticPhoto().image));

    expect(error.code).toBe('onnx_input_shape');
    for (const message of [error.ja, error.en]) {
      expect(message).toContain(modelPath);
      expect(message).toContain('float32 [1, 3, 64, 64]');
      expect(message).toContain('float32 [1, 3, 320, 320]');
    }
  });

  it('rejects an unknown output name', async () => {
    const modelPath = await modelFile('named.onnx', buildTinySegmentationModel());

    const error = await rejectionOf(segmenter({ modelPath, outputName: 'd0' }).segment(syntheticPhoto().image));

    expect(error.code).toBe('onnx_output_missing');
    expect(error.ja).toContain('「d0」');
    expect(error.en).toContain('"d0"');
    expect(error.en).toContain('Its outputs are output.');
  });

  it('explains how to install a missing runtime', async () => {
    const modelPath = await modelFile('no-runtime.onnx', buildTinySegmentationModel());
    const importRuntime = () => Promise.reject(Object.assign(new Error("Cannot find package 'onnxruntime-node'"), { code: 'ERR_MODULE_NOT_FOUND' }));

    const error = await rejectionOf(segmenter({ modelPath, importRuntime }).segment(syntheticPhoto().image));

    expect(error.code).toBe('onnx_runtime_missing');
    expect(error.ja).toContain('npm install --include=optional');
    expect(error.en).toContain('npm install --include=optional');
  });

  it('rejects invalid options when created', () => {
    const cases = [
      { options: { modelPath: ' ' }, option: 'modelPath' },
      { options: { modelPath: 'm.onnx', inputSize: 0 }, option: 'inputSize' },
      { options: { modelPath: 'm.onnx', inputSize: { width: 320, height: 1.5 } }, option: 'inputSize' },
      { options: { modelPath: 'm.onnx', std: [0.2, 0, 0.2] as const }, option: 'std' },
      { options: { modelPath: 'm.onnx', mean: [0.5, Number.NaN, 0.5] as const }, option: 'mean' },
    ];
    for (const { options, option } of cases) {
      const error = domainErrorOf(() => createOnnxSegmenter(options));

      expect(error.code, option).toBe('onnx_option_invalid');
      expect(error.messageIn('en'), option).toContain(`"${option}"`);
      expect(error.messageIn('ja'), option).toContain(`「${option}」`);
    }
  });
});

describe('resizeBilinear', () => {
  it('interpolates between pixel centres', () => {
    const result = resizeBilinear(Float32Array.from([0, 1]), 2, 1, 4, 1);

    expect(Array.from(result)).toEqual([0, 0.25, 0.75, 1]);
  });

  it('keeps a constant map constant', () => {
    const result = resizeBilinear(new Float32Array(6).fill(0.4), 3, 2, 7, 5);

    expect(result.length).toBe(35);
    for (const value of result) expect(value).toBeCloseTo(0.4, 6);
  });
});
