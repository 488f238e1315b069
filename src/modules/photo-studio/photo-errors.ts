import { defineErrors } from '../../shared/errors.js';

// Errors of the photo studio's decode, encode and preset steps. Every message names the file
// (or the preset field) and says what to do. Sizes are given in megabytes (MB = 1,000,000
// bytes) and megapixels, the units a shop sees in its camera and upload dialogs.

export const photoErrors = defineErrors({
  photo_empty: {
    kind: 'invalid',
    ja: (p: { fileName: string }) => `写真「${p.fileName}」は空のファイルです。元の写真をもう一度選んでください。`,
    en: (p: { fileName: string }) => `The photo "${p.fileName}" is an empty file. Choose the original photo again.`,
  },
  photo_too_many_bytes: {
    kind: 'invalid',
    ja: (p: { fileName: string; sizeMb: string; limitMb: string }) =>
      `写真「${p.fileName}」は ${p.sizeMb} MB あり、上限 ${p.limitMb} MB を超えています。カメラの設定で小さくするか、縮小してから送ってください。`,
    en: (p: { fileName: string; sizeMb: string; limitMb: string }) =>
      `The photo "${p.fileName}" is ${p.sizeMb} MB, over the limit of ${p.limitMb} MB. Reduce it in the camera settings or shrink it, then upload it again.`,
  },
  photo_too_many_pixels: {
    kind: 'invalid',
    ja: (p: { fileName: string; width: number; height: number; limitMp: string }) =>
      `写真「${p.fileName}」は ${p.width} × ${p.height} ピクセルで、上限 ${p.limitMp} メガピクセルを超えるため読み込みませんでした。縮小した写真を送ってください。`,
    en: (p: { fileName: string; width: number; height: number; limitMp: string }) =>
      `The photo "${p.fileName}" is ${p.width} × ${p.height} pixels, over the limit of ${p.limitMp} megapixels, so it was not opened. Upload a smaller copy.`,
  },
  photo_heic_unsupported: {
    kind: 'invalid',
    ja: (p: { fileName: string }) =>
      `写真「${p.fileName}」は HEIC 形式で、この環境では読み込めません。iPhone の「設定 > カメラ > フォーマット」を「互換性優先」にするか、JPEG に書き出してから送ってください。`,
    en: (p: { fileName: string }) =>
      `The photo "${p.fileName}" is in HEIC format, which this installation cannot read. Set the iPhone to "Settings > Camera > Formats > Most Compatible" or export it as JPEG, then upload it again.`,
  },
  photo_format_unsupported: {
    kind: 'invalid',
    ja: (p: { fileName: string; format: string; supported: string }) =>
      `写真「${p.fileName}」の形式 ${p.format} には対応していません。${p.supported} のどれかで保存し直してください。`,
    en: (p: { fileName: string; format: string; supported: string }) =>
      `The photo "${p.fileName}" is in format ${p.format}, which is not supported. Save it again as one of ${p.supported}.`,
  },
  photo_corrupt: {
    kind: 'invalid',
    ja: (p: { fileName: string }) =>
      `写真「${p.fileName}」を画像として読めませんでした。壊れているか、画像以外のファイルです。元の写真をもう一度選んでください。`,
    en: (p: { fileName: string }) =>
      `The photo "${p.fileName}" could not be read as an image: it is damaged or not an image. Choose the original photo again.`,
  },
  photo_over_byte_limit: {
    kind: 'invalid',
    ja: (p: { preset: string; sizeKb: number; limitKb: number; quality: number }) =>
      `プリセット「${p.preset}」: 最低画質 ${p.quality} でも ${p.sizeKb} KB になり、上限 ${p.limitKb} KB に収まりません。プリセットの画素数を小さくするか、容量の上限を見直してください。`,
    en: (p: { preset: string; sizeKb: number; limitKb: number; quality: number }) =>
      `Preset "${p.preset}": even at the lowest quality ${p.quality} the image is ${p.sizeKb} KB, over the limit of ${p.limitKb} KB. Make the preset's pixel size smaller or raise its byte limit.`,
  },
  photo_mask_size: {
    kind: 'invalid',
    ja: (p: { width: number; height: number; expected: number }) =>
      `マスクの大きさが画像 ${p.width} × ${p.height} と合いません（${p.expected} 画素が必要）。出力画像と同じ大きさのマスクを渡してください。`,
    en: (p: { width: number; height: number; expected: number }) =>
      `The mask does not match the image of ${p.width} × ${p.height} (${p.expected} pixels needed). Pass a mask of the output image's size.`,
  },
  photo_no_piece: {
    kind: 'invalid',
    ja: (p: { fileName: string }) =>
      `写真「${p.fileName}」で商品を見つけられませんでした。背景と商品がはっきり分かれるように撮り直すか、ブラシで商品の範囲を塗ってからやり直してください。`,
    en: (p: { fileName: string }) =>
      `No piece was found in the photo "${p.fileName}". Take it again with the piece clearly apart from the background, or paint the piece with the brush and redo.`,
  },
  preset_invalid: {
    kind: 'invalid',
    ja: (p: { field: string; problem: string }) => `ショップのプリセットの項目「${p.field}」が正しくありません: ${p.problem}。値を直してから保存してください。`,
    en: (p: { field: string; problem: string }) => `The shop preset's field "${p.field}" is invalid: ${p.problem}. Correct the value and save again.`,
  },
});
