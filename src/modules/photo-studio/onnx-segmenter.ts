/**
 * Step 2 as a learned model: a segmentation model in ONNX format that the shop supplies
 * replaces the classical segmentation, run on the CPU by onnxruntime-node.
 *
 * onnxruntime-node is an optional dependency, so it is imported on the first call to
 * `segment` and never at module load: without it, everything else in the studio works and
 * only this segmenter throws `onnx_runtime_missing`. The model file is read and its session
 * created once per segmenter, on that first call.
 *
 * Contract of the model: one float32 input [1, 3, H, W] (RGB, NCHW) and an output
 * [1, 1, H', W'] or [1, H', W'] with one foreground score per pixel. The output size may
 * differ from the input size because the map is resized to the working image anyway.
 */

import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';

import type * as Ort from 'onnxruntime-node';
import type { Logger } from 'pino';
import sharp from 'sharp';

import { isDomainError } from '../../shared/errors.js';
import { onnxErrors } from './onnx-errors.js';
import type { Segmenter, WorkingImage } from './pipeline-types.js';

export type OnnxRuntime = typeof Ort;

type RgbTriple = readonly [number, number, number];

/** Side of the model input when the model leaves it open. U²-Net and many salient-object models train at 320 × 320. */
export const DEFAULT_INPUT_SIZE = 320;

/**
 * ImageNet statistics of RGB scaled to 0..1: the normalisation of U²-Net's reference data
 * loader (xuebinqin/U-2-Net, data_loader.py) and of many salient-object models trained like it.
 * That loader scales by the image's maximum rather than 255, which agrees on white backgrounds.
 */
export const IMAGENET_MEAN: RgbTriple = [0.485, 0.456, 0.406];
export const IMAGENET_STD: RgbTriple = [0.229, 0.224, 0.225];

export interface OnnxSegmenterOptions {
  /** Path of the .onnx file, shown in errors and logs. */
  modelPath: string;
  /**
   * Model input size in pixels, one number for a square. Default: the fixed height and width
   * that the model declares, or DEFAULT_INPUT_SIZE for a dimension the model leaves open.
   */
  inputSize?: number | { width: number; height: number };
  /** Per-channel mean (R, G, B) subtracted from pixels scaled to 0..1. Default IMAGENET_MEAN. */
  mean?: RgbTriple;
  /** Per-channel standard deviation (R, G, B) that the centred pixels are divided by. Default IMAGENET_STD. */
  std?: RgbTriple;
  /**
   * Kind of values in the output. 'probabilities' (default) are used as they are, and min–max
   * normalised only when some value lies outside 0..1. 'logits' go through a sigmoid.
   */
  outputKind?: 'probabilities' | 'logits';
  /** Name of the output to use. Default: the model's first output. */
  outputName?: string;
  logger?: Pick<Logger, 'info' | 'warn'>;
  /** Loads onnxruntime-node. Tests replace it to simulate a missing package. */
  importRuntime?: () => Promise<OnnxRuntime>;
}

export interface OnnxSegmenter extends Segmenter {
  /** Releases the session, if one was created. A later `segment` call loads the model again. */
  release(): Promise<void>;
}

/** A model ready to run: the session and the sizes and names checked against the contract. */
interface LoadedModel {
  runtime: OnnxRuntime;
  session: Ort.InferenceSession;
  inputName: string;
  outputName: string;
  width: number;
  height: number;
}

/** Creates the segmenter. Only the options are checked here, and the model loads on the first `segment` call. */
export function createOnnxSegmenter(options: OnnxSegmenterOptions): OnnxSegmenter {
  const settings = checkOptions(options);
  const { modelPath, logger } = options;
  let loading: Promise<LoadedModel> | undefined;

  // Concurrent first calls share one promise, so the model loads once. A failed load is
  // forgotten, so a fixed file is picked up by the next call without a restart.
  const load = (): Promise<LoadedModel> => {
    loading ??= loadModel(options, settings.inputSize).catch((error: unknown) => {
      loading = undefined;
      logger?.warn({ modelPath, code: isDomainError(error) ? error.code : undefined, err: error }, 'onnx segmentation model failed to load');
      throw error;
    });
    return loading;
  };

  return {
    name: `onnx:${basename(modelPath)}`,

    async segment(image: WorkingImage): Promise<Float32Array> {
      checkWorkingImage(image);
      const model = await load();

      const input = await toInputTensor(model, image, settings.mean, settings.std);
      let outputs: Ort.InferenceSession.ReturnType;
      try {
        outputs = await model.session.run({ [model.inputName]: input }, [model.outputName]);
      } catch (error) {
        throw onnxErrors.onnx_run_failed({ modelPath, reason: errorMessage(error) });
      }

      const output = outputs[model.outputName];
      if (!output) throw onnxErrors.onnx_output_missing({ modelPath, output: model.outputName, available: model.session.outputNames.join(', ') });
      const map = probabilityMap(modelPath, model.outputName, output, settings.outputKind);
      return resizeBilinear(map.values, map.width, map.height, image.width, image.height);
    },

    async release(): Promise<void> {
      const pending = loading;
      loading = undefined;
      const model = await pending?.catch(() => undefined);
      await model?.session.release();
    },
  };
}

interface CheckedOptions {
  inputSize: { width: number; height: number } | undefined;
  mean: RgbTriple;
  std: RgbTriple;
  outputKind: 'probabilities' | 'logits';
}

function checkOptions(options: OnnxSegmenterOptions): CheckedOptions {
  if (options.modelPath.trim() === '') {
    throw onnxErrors.onnx_option_invalid({ option: 'modelPath', value: '""', expectedJa: '.onnx ファイルのパス', expectedEn: 'the path of an .onnx file' });
  }

  const size = typeof options.inputSize === 'number' ? { width: options.inputSize, height: options.inputSize } : options.inputSize;
  for (const side of size ? [size.width, size.height] : []) {
    if (!Number.isInteger(side) || side < 1) {
      throw onnxErrors.onnx_option_invalid({ option: 'inputSize', value: String(side), expectedJa: '1 以上の整数（ピクセル）', expectedEn: 'a positive whole number of pixels' });
    }
  }

  const mean = options.mean ?? IMAGENET_MEAN;
  const std = options.std ?? IMAGENET_STD;
  if (mean.length !== 3 || !mean.every(Number.isFinite)) {
    throw onnxErrors.onnx_option_invalid({ option: 'mean', value: `[${mean.join(', ')}]`, expectedJa: 'R, G, B の 3 つの数', expectedEn: 'three numbers for R, G and B' });
  }
  if (std.length !== 3 || !std.every((value) => Number.isFinite(value) && value > 0)) {
    throw onnxErrors.onnx_option_invalid({ option: 'std', value: `[${std.join(', ')}]`, expectedJa: 'R, G, B の 3 つの正の数', expectedEn: 'three positive numbers for R, G and B' });
  }

  const outputKind = options.outputKind ?? 'probabilities';
  if (outputKind !== 'probabilities' && outputKind !== 'logits') {
    throw onnxErrors.onnx_option_invalid({ option: 'outputKind', value: String(outputKind), expectedJa: 'probabilities または logits', expectedEn: 'probabilities or logits' });
  }

  return { inputSize: size, mean, std, outputKind };
}

/** Checks the WorkingImage contract. A mismatch is a programming error in the caller, not bad user input. */
function checkWorkingImage(image: WorkingImage): void {
  if (!Number.isInteger(image.width) || !Number.isInteger(image.height) || image.width < 1 || image.height < 1) {
    throw new RangeError(`working image size must be positive integers, got ${image.width} × ${image.height}`);
  }
  if (image.data.length !== image.width * image.height * 3) {
    throw new RangeError(`working image data has ${image.data.length} bytes, expected ${image.width * image.height * 3} for RGB ${image.width} × ${image.height}`);
  }
}

/** Imports the runtime, reads the file, creates the session, checks it against the contract and logs the load time. */
async function loadModel(options: OnnxSegmenterOptions, inputSize: CheckedOptions['inputSize']): Promise<LoadedModel> {
  const { modelPath } = options;
  const started = performance.now();

  const runtime = await importRuntime(modelPath, options.importRuntime ?? importOnnxRuntimeNode);
  const bytes = await readModelFile(modelPath);

  // Only the CPU provider is used: the CUDA provider's libraries are never installed.
  let session: Ort.InferenceSession;
  try {
    session = await runtime.InferenceSession.create(bytes, { executionProviders: ['cpu'] });
  } catch (error) {
    throw onnxErrors.onnx_model_invalid({ modelPath, reason: errorMessage(error) });
  }

  let model: LoadedModel;
  try {
    model = { runtime, session, ...checkInput(modelPath, session, inputSize), outputName: checkOutput(modelPath, session, options.outputName) };
  } catch (error) {
    await session.release();
    throw error;
  }

  options.logger?.info(
    { modelPath, inputName: model.inputName, outputName: model.outputName, inputWidth: model.width, inputHeight: model.height, ms: Math.round(performance.now() - started) },
    'onnx segmentation model loaded',
  );
  return model;
}

async function importOnnxRuntimeNode(): Promise<OnnxRuntime> {
  return import('onnxruntime-node');
}

async function importRuntime(modelPath: string, importer: () => Promise<OnnxRuntime>): Promise<OnnxRuntime> {
  try {
    return await importer();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') throw onnxErrors.onnx_runtime_missing({ modelPath });
    // The package is present but its native library failed to load (another platform, a damaged install).
    throw onnxErrors.onnx_runtime_failed({ modelPath, reason: errorMessage(error) });
  }
}

async function readModelFile(modelPath: string): Promise<Uint8Array> {
  try {
    return await readFile(modelPath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw onnxErrors.onnx_model_missing({ modelPath });
    throw onnxErrors.onnx_model_unreadable({ modelPath, reason: code ?? errorMessage(error) });
  }
}

/**
 * Checks the first input against float32 [1, 3, H, W] and settles H and W: a fixed model
 * dimension wins, an open one takes the requested size or DEFAULT_INPUT_SIZE. A requested
 * size that contradicts a fixed dimension is rejected, because the run would fail.
 */
function checkInput(modelPath: string, session: Ort.InferenceSession, requested: CheckedOptions['inputSize']): { inputName: string; width: number; height: number } {
  const metadata = session.inputMetadata[0];
  const inputName = session.inputNames[0] ?? '';
  const expectedShape = `[1, 3, ${requested?.height ?? 'H'}, ${requested?.width ?? 'W'}]`;
  const reject = (found: string) => onnxErrors.onnx_input_shape({ modelPath, input: inputName, found, expected: `float32 ${expectedShape}` });

  if (!metadata) throw reject('no input');
  if (!metadata.isTensor) throw reject('a non-tensor value');

  // onnxruntime reports an empty shape when the model declares none, so only the run can tell.
  const shape = metadata.shape;
  const found = `${metadata.type} ${formatShape(shape)}`;
  if (metadata.type !== 'float32') throw reject(found);
  if (shape.length === 0) {
    return { inputName, width: requested?.width ?? DEFAULT_INPUT_SIZE, height: requested?.height ?? DEFAULT_INPUT_SIZE };
  }
  if (shape.length !== 4 || !matches(shape[0], 1) || !matches(shape[1], 3)) throw reject(found);

  const height = settleSide(shape[2], requested?.height);
  const width = settleSide(shape[3], requested?.width);
  if (height === undefined || width === undefined) throw reject(found);
  return { inputName, width, height };
}

/** Settles one side: a fixed side wins, an open side takes the request or the default. Returns undefined when the two disagree. */
function settleSide(declared: number | string | undefined, requested: number | undefined): number | undefined {
  if (typeof declared === 'number' && declared > 0) {
    return requested === undefined || requested === declared ? declared : undefined;
  }
  return requested ?? DEFAULT_INPUT_SIZE;
}

/** Picks the output to use and checks its declared type and shape, where the model declares them. */
function checkOutput(modelPath: string, session: Ort.InferenceSession, requested: string | undefined): string {
  const outputName = requested ?? session.outputNames[0];
  const index = outputName === undefined ? -1 : session.outputNames.indexOf(outputName);
  if (outputName === undefined || index < 0) {
    throw onnxErrors.onnx_output_missing({ modelPath, output: outputName ?? '', available: session.outputNames.join(', ') || '-' });
  }

  const metadata = session.outputMetadata[index];
  if (metadata && !metadata.isTensor) throw onnxErrors.onnx_output_shape({ modelPath, output: outputName, found: 'a non-tensor value' });
  if (metadata?.isTensor && (metadata.type !== 'float32' || (metadata.shape.length > 0 && !isMapShape(metadata.shape)))) {
    throw onnxErrors.onnx_output_shape({ modelPath, output: outputName, found: `${metadata.type} ${formatShape(metadata.shape)}` });
  }
  return outputName;
}

/** Tests for [1, 1, H, W] or [1, H, W]. A symbolic dimension matches any size. */
function isMapShape(shape: readonly (number | string)[]): boolean {
  if (shape.length === 4) return matches(shape[0], 1) && matches(shape[1], 1);
  if (shape.length === 3) return matches(shape[0], 1);
  return false;
}

function matches(dimension: number | string | undefined, size: number): boolean {
  return typeof dimension === 'string' || dimension === size || dimension === -1;
}

function formatShape(shape: readonly (number | string)[]): string {
  return `[${shape.join(', ')}]`;
}

/**
 * Resizes the working image to the model input and returns it as a normalised NCHW tensor.
 * The resize ignores the aspect ratio, as the salient-object models' own preprocessing does,
 * and the map is stretched back the same way.
 */
async function toInputTensor(model: LoadedModel, image: WorkingImage, mean: RgbTriple, std: RgbTriple): Promise<Ort.Tensor> {
  const { width, height } = model;
  const rgb = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(width, height, { fit: 'fill' })
    .raw()
    .toBuffer();

  const plane = width * height;
  const data = new Float32Array(3 * plane);
  for (let channel = 0; channel < 3; channel++) {
    const channelMean = mean[channel]!;
    const channelStd = std[channel]!;
    for (let i = 0; i < plane; i++) {
      data[channel * plane + i] = (rgb[i * 3 + channel]! / 255 - channelMean) / channelStd;
    }
  }
  return new model.runtime.Tensor('float32', data, [1, 3, height, width]);
}

/**
 * Turns the output tensor into a map in 0..1. Logits go through a sigmoid. Probabilities are
 * stretched min–max only when a value lies outside 0..1 (a model exported without its final
 * sigmoid, for example), so a map already in 0..1 keeps its calibration. A constant map
 * outside 0..1 is clamped.
 */
function probabilityMap(
  modelPath: string,
  outputName: string,
  output: Ort.Tensor,
  outputKind: CheckedOptions['outputKind'],
): { values: Float32Array; width: number; height: number } {
  const dims = output.dims;
  if (output.type !== 'float32' || !isMapShape(dims)) {
    throw onnxErrors.onnx_output_shape({ modelPath, output: outputName, found: `${output.type} ${formatShape(dims)}` });
  }
  const height = dims[dims.length - 2]!;
  const width = dims[dims.length - 1]!;
  const values = Float32Array.from(output.data as Float32Array);

  if (outputKind === 'logits') {
    for (let i = 0; i < values.length; i++) values[i] = 1 / (1 + Math.exp(-values[i]!));
    return { values, width, height };
  }

  let min = Infinity;
  let max = -Infinity;
  for (const value of values) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  if (min < 0 || max > 1) {
    const range = max - min;
    for (let i = 0; i < values.length; i++) values[i] = range > 0 ? (values[i]! - min) / range : Math.min(1, Math.max(0, values[i]!));
  }
  return { values, width, height };
}

/**
 * Bilinear resize of a one-channel map, sampling at pixel centres (the align_corners=false
 * convention), with edge pixels repeated outside the map.
 */
export function resizeBilinear(source: Float32Array, sourceWidth: number, sourceHeight: number, width: number, height: number): Float32Array {
  if (sourceWidth === width && sourceHeight === height) return source;

  const result = new Float32Array(width * height);
  const scaleX = sourceWidth / width;
  const scaleY = sourceHeight / height;
  for (let y = 0; y < height; y++) {
    const sy = Math.min(Math.max((y + 0.5) * scaleY - 0.5, 0), sourceHeight - 1);
    const y0 = Math.floor(sy);
    const y1 = Math.min(y0 + 1, sourceHeight - 1);
    const fy = sy - y0;
    for (let x = 0; x < width; x++) {
      const sx = Math.min(Math.max((x + 0.5) * scaleX - 0.5, 0), sourceWidth - 1);
      const x0 = Math.floor(sx);
      const x1 = Math.min(x0 + 1, sourceWidth - 1);
      const fx = sx - x0;
      const top = source[y0 * sourceWidth + x0]! * (1 - fx) + source[y0 * sourceWidth + x1]! * fx;
      const bottom = source[y1 * sourceWidth + x0]! * (1 - fx) + source[y1 * sourceWidth + x1]! * fx;
      result[y * width + x] = top * (1 - fy) + bottom * fy;
    }
  }
  return result;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
