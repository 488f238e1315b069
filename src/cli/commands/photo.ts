import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { createOnnxSegmenter } from '../../modules/photo-studio/onnx-segmenter.js';
import { correctPhoto } from '../../modules/photo-studio/pipeline.js';
import type { Segmenter } from '../../modules/photo-studio/pipeline-types.js';
import { RESULT_EXTENSION } from '../../modules/photo-studio/studio/files.js';
import { CHANNEL_PRESET_IDS, parseShopPreset, PRESETS, type PhotoPreset } from '../../modules/photo-studio/presets.js';
import { defineErrors, isDomainError } from '../../shared/errors.js';
import { choiceOption, parseCommandArgs, requiredOption } from '../args.js';
import type { CliContext } from '../context.js';
import { cliErrors } from '../errors.js';

const presetFileErrors = defineErrors({
  preset_options_conflict: {
    kind: 'invalid',
    ja: () => '--preset と --preset-file は同時に指定できません。どちらか一方だけを指定してください。',
    en: () => 'The options --preset and --preset-file cannot be used together. Give only one of them.',
  },
  preset_file_not_json: {
    kind: 'invalid',
    ja: (p: { file: string; detail: string }) => `プリセットのファイル ${p.file} を JSON として読めませんでした（${p.detail}）。ファイルの中身を確認してください。`,
    en: (p: { file: string; detail: string }) => `The preset file ${p.file} is not valid JSON (${p.detail}). Check its contents.`,
  },
});

/**
 * Returns the preset of --preset (a channel id) or of --preset-file (a shop preset as JSON,
 * checked by parseShopPreset so that an error names the field).
 */
async function choosePreset(ctx: CliContext, presetId: string | undefined, presetFile: string | undefined): Promise<PhotoPreset> {
  if (presetId !== undefined && presetFile !== undefined) throw presetFileErrors.preset_options_conflict({});
  if (presetFile === undefined) {
    const id = choiceOption('preset', requiredOption(`preset ${CHANNEL_PRESET_IDS.join('|')}`, presetId), CHANNEL_PRESET_IDS, 'rakuten');
    return PRESETS[id];
  }

  const file = ctx.resolvePath(presetFile);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw cliErrors.file_not_found({ file });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw presetFileErrors.preset_file_not_json({ file, detail: error instanceof Error ? error.message : String(error) });
  }
  return parseShopPreset(json);
}

/**
 * `tsunagu photo correct IN... --preset rakuten|yahoo|amazon|shopify|--preset-file FILE.json --out DIR [--mask]
 * [--transparent] [--model PATH]`: runs the photo pipeline on each file and writes
 * DIR/<name>.jpg (or .png for a transparent cut-out), and with --mask DIR/<name>.mask.png.
 * A photo that fails is reported and the others still run; the exit status is 1 when any
 * failed or broke a rule of the preset. No database is opened. --preset-file reads a shop preset
 * in the JSON form that PUT /api/photo-studio/presets/:id accepts.
 */
export async function photoCorrectCommand(ctx: CliContext, args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    args,
    {
      preset: { type: 'string' },
      'preset-file': { type: 'string' },
      out: { type: 'string' },
      mask: { type: 'boolean' },
      transparent: { type: 'boolean' },
      model: { type: 'string' },
    },
    ['IN...'],
  );
  const preset = await choosePreset(ctx, values.preset, values['preset-file']);
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
      const extension = RESULT_EXTENSION[result.image.format];
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
