import { defineErrors } from '../../shared/errors.js';

/** Errors of price tag printing: barcodes, templates and the items to print. */
export const priceTagErrors = defineErrors({
  invalid_ean_length: {
    kind: 'invalid',
    ja: (p: { code: string; lengths: string }) => `「${p.code}」は JAN/EAN コードとして使えません。数字 ${p.lengths} 桁で指定してください。`,
    en: (p: { code: string; lengths: string }) => `"${p.code}" is not a JAN/EAN code. Give ${p.lengths} digits.`,
  },
  wrong_check_digit: {
    kind: 'invalid',
    ja: (p: { code: string; expected: number; actual: string }) =>
      `JAN/EAN コード「${p.code}」のチェックデジットが違います（末尾が ${p.actual}、正しくは ${p.expected}）。コードを読み直してください。`,
    en: (p: { code: string; expected: number; actual: string }) =>
      `The JAN/EAN code "${p.code}" has a wrong check digit (it ends in ${p.actual}; it should be ${p.expected}). Check the code.`,
  },
  invalid_in_store_prefix: {
    kind: 'invalid',
    ja: (p: { prefix: string }) => `インストアコードのフラグ「${p.prefix}」は使えません。20 から 29 で指定してください。`,
    en: (p: { prefix: string }) => `"${p.prefix}" is not an in-store prefix. Use 20 to 29.`,
  },
  in_store_number_too_long: {
    kind: 'invalid',
    ja: (p: { value: string }) => `「${p.value}」からインストア JAN を作れません。数字部分は 0 以上 10 桁以内にしてください。`,
    en: (p: { value: string }) => `No in-store JAN can be made from "${p.value}": its number must be 0 or more and at most 10 digits.`,
  },
  not_code128_text: {
    kind: 'invalid',
    ja: (p: { text: string }) => `「${p.text}」は Code 128 にできません。半角の英数字と記号（80 文字まで）にしてください。`,
    en: (p: { text: string }) => `"${p.text}" cannot be a Code 128 barcode. Use printable ASCII, at most 80 characters.`,
  },
  barcode_too_wide: {
    kind: 'invalid',
    ja: (p: { text: string; modules: number; dots: number; minimum: number }) =>
      `バーコード「${p.text}」（${p.modules} モジュール）が、読み取れる線幅（${p.minimum} ドット）では幅 ${p.dots} ドットに収まりません。短いコード、別の種類のバーコード、幅の広いテンプレートのいずれかにしてください。`,
    en: (p: { text: string; modules: number; dots: number; minimum: number }) =>
      `The barcode "${p.text}" (${p.modules} modules) does not fit in ${p.dots} dots at a readable bar width of ${p.minimum} dots. Use a shorter code, another barcode kind or a wider template.`,
  },
  invalid_cost_cipher: {
    kind: 'invalid',
    ja: (p: { cipher: string }) => `原価コードの暗号「${p.cipher}」は使えません。重複しない英字 10 文字（0 から 9 の順）にしてください。`,
    en: (p: { cipher: string }) => `The cost cipher "${p.cipher}" cannot be used. Give 10 different letters, for the digits 0 to 9 in order.`,
  },
  unknown_template: {
    kind: 'not_found',
    ja: (p: { name: string; names: string }) => `値札テンプレート「${p.name}」はありません。次のいずれかを指定してください: ${p.names}`,
    en: (p: { name: string; names: string }) => `There is no price tag template "${p.name}". Use one of: ${p.names}`,
  },
  unknown_items: {
    kind: 'not_found',
    ja: (p: { codes: string }) => `在庫番号 ${p.codes} の商品が見つかりません。番号を確認してください。`,
    en: (p: { codes: string }) => `No item was found for these stock numbers: ${p.codes}. Check them.`,
  },
  invalid_zpl_font: {
    kind: 'invalid',
    ja: (p: { font: string }) => `ZPL のフォント「${p.font}」は使えません。英数字 1 文字（例: 0）か、プリンター内のフォントファイル（例: E:NOTOJP.TTF）を指定してください。`,
    en: (p: { font: string }) => `"${p.font}" is not a ZPL font. Give one letter or digit (e.g. 0) or a font file on the printer (e.g. E:NOTOJP.TTF).`,
  },
  zpl_for_sheet: {
    kind: 'invalid',
    ja: (p: { template: string }) => `「${p.template}」は A4 などのシート用のテンプレートのため、ZPL では出力できません。PDF で印刷してください。`,
    en: (p: { template: string }) => `"${p.template}" is a sheet template, which ZPL label printers cannot print. Print it as a PDF.`,
  },
  unsupported_output: {
    kind: 'invalid',
    ja: (p: { file: string }) => `出力ファイル ${p.file} の拡張子は .pdf か .zpl にしてください。`,
    en: (p: { file: string }) => `The output file ${p.file} must end in .pdf or .zpl.`,
  },
});
