import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { createOnnxSegmenter } from '../../modules/photo-studio/onnx-segmenter.js';
import { correctPhoto } from '../../modules/photo-studio/pipeline.js';
import type { Segmenter } from '../../modules/photo-studio/pipeline-types.js';
import { CHANNEL_PRESET_IDS, PRESETS } from '../../modules/photo-studio/presets.js';
import { isDomainError } from '../../shared/errors.js';
import { choiceOption, parseCommandArgs, requiredOption } from '../args.js';
import type { CliContext } from '../context.js';
import { cliErrors } from '../errors.js';

/**
 * `tsunagu photo correct IN... --preset rakuten|yahoo|amazon|shopify --out DIR [--mask]
 * [--transparent] [--model PATH]`: runs the photo pipeline on each file and writes
 * DIR/<name>.jpg (or .png for a transparent cut-out), and with --mask DIR/<name>.mask.png.
 * A photo that fails is reported and the others still run; the exit status is 1 when any
 * failed or broke a rule of the preset. No database is opened.
 */
export async function photoCorrectCommand(ctx: CliContext, args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    args,
    {
      preset: { type: 'string' },
      out: { type: 'string' },
      mask: { type: 'boolean' },
      transparent: { type: 'boolean' },
      model: { type: 'string' },
    },
    ['IN...'],
  );
  const presetId = choiceOption('preset', requiredOption(`preset ${CHANNEL_PRESET_IDS.join('|')}`, values.preset), CHANNEL_PRESET_IDS, 'rakuten');
  const preset = PRESETS[presetId];
  const outDir = ctx.resolvePath(requiredOption('out DIR', values.out));
  await mkdir(outDir, { recursive: true });

  // --model wins over TSUNAGU_PHOTO_MODEL; either replaces the classical segmentation.
  const modelPath = values.model ?? ctx.io.env.TSUNAGU_PHOTO_MODEL;
  const segmenter: Segmenter | undefined = modelPath ? createOnnxSegmenter({ modelPath: ctx.resolvePath(modelPath) }) : undefined;

  let failures = 0;
  const usedNames = new Set<string>();
  for (const input of positionals) {
    const file = ctx.resolvePath(input);
    const name = uniqueName(path.parse(file).name, usedNames);
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch {
      ctx.warn(localized(cliErrors.file_not_found({ file })));
      failures++;
      continue;
    }

    try {
      const result = await correctPhoto(bytes, { preset, fileName: path.basename(file), segmenter, transparent: values.transparent === true });
      const extension = result.image.format === 'png' ? 'png' : 'jpg';
      const outFile = path.join(outDir, `${name}.${extension}`);
      await writeFile(outFile, result.image.bytes);
      if (values.mask) await writeFile(path.join(outDir, `${name}.mask.png`), result.maskPng);

      const broken = result.compliance.filter((rule) => !rule.ok).map((rule) => rule.rule);
      const ms = Math.round(result.timings.reduce((sum, step) => sum + step.ms, 0));
      const kb = Math.ceil(result.image.bytes.length / 1000);
      if (broken.length > 0) {
        failures++;
        ctx.warn({
          ja: `${outFile}: ${kb} KB, ${ms} ms。プリセットの規則に合いません: ${broken.join(', ')}`,
          en: `${outFile}: ${kb} KB, ${ms} ms. Breaks the preset's rules: ${broken.join(', ')}`,
        });
      } else {
        ctx.say({
          ja: `${outFile}: ${kb} KB、占有率 ${Math.round(result.auto.fill * 100)} %、${ms} ms、規則をすべて満たしています`,
          en: `${outFile}: ${kb} KB, fill ${Math.round(result.auto.fill * 100)} %, ${ms} ms, meets every rule`,
        });
      }
    } catch (error) {
      if (!isDomainError(error)) throw error;
      failures++;
      ctx.warn(localized(error));
    }
  }
  return failures > 0 ? 1 : 0;
}

function localized(error: { messages: { ja: string; en: string } }) {
  return { ja: `エラー: ${error.messages.ja}`, en: `Error: ${error.messages.en}` };
}

/** Two inputs called ring.jpg in different folders must not overwrite each other's output. */
function uniqueName(base: string, used: Set<string>): string {
  let name = base;
  for (let n = 2; used.has(name); n++) name = `${base}-${n}`;
  used.add(name);
  return name;
}
