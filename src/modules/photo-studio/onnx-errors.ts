import { defineErrors } from '../../shared/errors.js';

// Errors of the ONNX segmenter, which replaces step 2 with a model that the shop supplies.
// Every message names the model file (or the option) and the next step. A shape is written
// as in ONNX, for example [1, 3, 320, 320], and a symbolic dimension appears by its name.

export const onnxErrors = defineErrors({
  onnx_runtime_missing: {
    kind: 'internal',
    ja: (p: { modelPath: string }) =>
      `モデル「${p.modelPath}」を使うには onnxruntime-node が必要ですが、インストールされていません。tsunagu のフォルダで npm install --include=optional を実行するか、モデルの指定を外して標準の切り抜きを使ってください。`,
    en: (p: { modelPath: string }) =>
      `The model "${p.modelPath}" needs onnxruntime-node, which is not installed. Run npm install --include=optional in the tsunagu folder, or remove the model setting to use the built-in segmentation.`,
  },
  onnx_runtime_failed: {
    kind: 'internal',
    ja: (p: { modelPath: string; reason: string }) =>
      `モデル「${p.modelPath}」を使うための onnxruntime-node を読み込めませんでした（${p.reason}）。この OS と CPU に対応した版か確かめ、npm install --include=optional で入れ直してください。`,
    en: (p: { modelPath: string; reason: string }) =>
      `onnxruntime-node, needed for the model "${p.modelPath}", failed to load (${p.reason}). Check that it supports this operating system and CPU, then reinstall it with npm install --include=optional.`,
  },
  onnx_model_missing: {
    kind: 'invalid',
    ja: (p: { modelPath: string }) =>
      `モデルファイル「${p.modelPath}」が見つかりません。パスを確かめて、--model または TSUNAGU_PHOTO_MODEL を直してください。`,
    en: (p: { modelPath: string }) =>
      `The model file "${p.modelPath}" was not found. Check the path and correct --model or TSUNAGU_PHOTO_MODEL.`,
  },
  onnx_model_unreadable: {
    kind: 'invalid',
    ja: (p: { modelPath: string; reason: string }) =>
      `モデルファイル「${p.modelPath}」を読めませんでした（${p.reason}）。ファイルであること、tsunagu を動かすユーザーに読み取り権限があることを確かめてください。`,
    en: (p: { modelPath: string; reason: string }) =>
      `The model file "${p.modelPath}" could not be read (${p.reason}). Check that it is a file and that the user running tsunagu may read it.`,
  },
  onnx_model_invalid: {
    kind: 'invalid',
    ja: (p: { modelPath: string; reason: string }) =>
      `モデルファイル「${p.modelPath}」を ONNX モデルとして読み込めませんでした（${p.reason}）。ONNX 形式で書き出したファイルを指定してください。`,
    en: (p: { modelPath: string; reason: string }) =>
      `The model file "${p.modelPath}" could not be loaded as an ONNX model (${p.reason}). Choose a file exported in ONNX format.`,
  },
  onnx_input_shape: {
    kind: 'invalid',
    ja: (p: { modelPath: string; input: string; found: string; expected: string }) =>
      `モデル「${p.modelPath}」の入力「${p.input}」は ${p.found} ですが、${p.expected} が必要です。RGB 画像 1 枚を NCHW の float32 で受け取るモデルを使ってください。`,
    en: (p: { modelPath: string; input: string; found: string; expected: string }) =>
      `The model "${p.modelPath}" has input "${p.input}" of ${p.found}, but ${p.expected} is expected. Use a model that takes one RGB image as NCHW float32.`,
  },
  onnx_output_missing: {
    kind: 'invalid',
    ja: (p: { modelPath: string; output: string; available: string }) =>
      `モデル「${p.modelPath}」に出力「${p.output}」がありません。出力は ${p.available} です。この中から選んでください。`,
    en: (p: { modelPath: string; output: string; available: string }) =>
      `The model "${p.modelPath}" has no output "${p.output}". Its outputs are ${p.available}. Choose one of them.`,
  },
  onnx_output_shape: {
    kind: 'invalid',
    ja: (p: { modelPath: string; output: string; found: string }) =>
      `モデル「${p.modelPath}」の出力「${p.output}」は ${p.found} ですが、float32 の [1, 1, H, W] または [1, H, W] が必要です。画素ごとに 1 つの値（前景の確率）を返す出力を選んでください。`,
    en: (p: { modelPath: string; output: string; found: string }) =>
      `The model "${p.modelPath}" has output "${p.output}" of ${p.found}, but float32 [1, 1, H, W] or [1, H, W] is expected. Choose an output with one value (the foreground probability) per pixel.`,
  },
  onnx_run_failed: {
    kind: 'internal',
    ja: (p: { modelPath: string; reason: string }) =>
      `モデル「${p.modelPath}」の実行に失敗しました（${p.reason}）。入力の大きさや正規化の設定がモデルに合っているか確かめてください。`,
    en: (p: { modelPath: string; reason: string }) =>
      `Running the model "${p.modelPath}" failed (${p.reason}). Check that the input size and normalisation options match the model.`,
  },
  onnx_option_invalid: {
    kind: 'invalid',
    ja: (p: { option: string; value: string; expectedJa: string; expectedEn: string }) =>
      `ONNX モデルの設定「${p.option}」の値 ${p.value} は正しくありません。${p.expectedJa}を指定してください。`,
    en: (p: { option: string; value: string; expectedJa: string; expectedEn: string }) =>
      `The ONNX model option "${p.option}" has the invalid value ${p.value}. Give ${p.expectedEn}.`,
  },
});
