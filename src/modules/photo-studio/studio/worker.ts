/**
 * Worker-thread side of the studio's jobs (loaded by pool.ts): runs the photo pipeline on one
 * photo and posts back the encoded outputs. It touches no database and no file, so that the
 * main thread alone decides what is stored.
 */

import { parentPort } from 'node:worker_threads';

import sharp from 'sharp';

import { DEFAULT_MAX_PIXELS } from '../decode.js';
import { createOnnxSegmenter } from '../onnx-segmenter.js';
import { correctPhoto } from '../pipeline.js';
import type { CorrectResult, MaskStroke, PhotoAdjustments, Segmenter } from '../pipeline-types.js';
import type { PhotoPreset } from '../presets.js';
import { PREVIEW_MAX_SIDE } from './files.js';
import type { WorkerFailure, WorkerReply } from './pool.js';

export interface PhotoTask {
  input: Uint8Array;
  fileName: string;
  preset: PhotoPreset;
  adjustments: PhotoAdjustments;
  maskStrokes: MaskStroke[];
  /** Also make the preview of the original (first run of a photo). */
  preview: boolean;
}

export interface PhotoTaskResult {
  image: { bytes: Uint8Array; format: PhotoPreset['format']; width: number; height: number };
  maskPng: Uint8Array;
  compliance: CorrectResult['compliance'];
  auto: CorrectResult['auto'];
  source: CorrectResult['source'];
  timings: CorrectResult['timings'];
  preview: Uint8Array | null;
}

/** Encodes the original as JPEG, oriented, within PREVIEW_MAX_SIDE on its longest side. */
async function makePreview(input: Uint8Array): Promise<Uint8Array> {
  const jpeg = await sharp(input, { limitInputPixels: DEFAULT_MAX_PIXELS })
    .rotate()
    .resize(PREVIEW_MAX_SIDE, PREVIEW_MAX_SIDE, { fit: 'inside', withoutEnlargement: true })
    .toColourspace('srgb')
    .jpeg({ quality: 85, mozjpeg: true })
    .toBuffer();
  // A copy owns its whole ArrayBuffer, so it can be transferred to the main thread.
  return new Uint8Array(jpeg);
}

function describeFailure(error: unknown): WorkerFailure {
  const domain = error as { code?: unknown; kind?: unknown; messages?: { ja: string; en: string }; params?: WorkerFailure['params'] };
  const isDomain = typeof domain?.code === 'string' && typeof domain.kind === 'string' && domain.messages !== undefined;
  return {
    code: isDomain ? (domain.code as string) : null,
    kind: isDomain ? (domain.kind as string) : null,
    messages: isDomain ? domain.messages! : null,
    params: isDomain ? (domain.params ?? null) : null,
    text: error instanceof Error ? (error.stack ?? error.message) : String(error),
  };
}

/**
 * The shop's ONNX model named by TSUNAGU_PHOTO_MODEL replaces the classical segmentation;
 * each worker loads it once, on its first photo.
 */
const modelPath = process.env.TSUNAGU_PHOTO_MODEL;
const segmenter: Segmenter | undefined = modelPath ? createOnnxSegmenter({ modelPath }) : undefined;

async function runTask(task: PhotoTask): Promise<{ result: PhotoTaskResult; transfer: ArrayBuffer[] }> {
  const corrected = await correctPhoto(task.input, {
    preset: task.preset,
    fileName: task.fileName,
    adjustments: task.adjustments,
    maskStrokes: task.maskStrokes,
    segmenter,
  });
  const preview = task.preview ? await makePreview(task.input) : null;

  const image = new Uint8Array(corrected.image.bytes);
  const maskPng = new Uint8Array(corrected.maskPng);
  const result: PhotoTaskResult = {
    image: { bytes: image, format: corrected.image.format, width: corrected.image.width, height: corrected.image.height },
    maskPng,
    compliance: corrected.compliance,
    auto: corrected.auto,
    source: corrected.source,
    timings: corrected.timings,
    preview,
  };
  const transfer = [image.buffer as ArrayBuffer, maskPng.buffer as ArrayBuffer];
  if (preview) transfer.push(preview.buffer as ArrayBuffer);
  return { result, transfer };
}

parentPort?.on('message', (message: PhotoTask & { taskId: number }) => {
  const { taskId } = message;
  runTask(message).then(
    ({ result, transfer }) => parentPort!.postMessage({ taskId, ok: true, result } satisfies WorkerReply<PhotoTaskResult>, transfer),
    (error: unknown) => parentPort!.postMessage({ taskId, ok: false, error: describeFailure(error) } satisfies WorkerReply<PhotoTaskResult>),
  );
});
