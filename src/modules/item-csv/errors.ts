import { defineErrors } from '../../shared/errors.js';

/** Errors about a CSV file as a whole; problems in single rows go into the import report instead. */
export const itemCsvErrors = defineErrors({
  invalid_utf8: {
    kind: 'invalid',
    ja: (p: { line: number }) =>
      `ファイルが UTF-8 として読めません（${p.line} 行目に UTF-8 でないバイトがあります）。文字コードに「Shift_JIS (CP932)」か「自動」を選んでください。`,
    en: (p: { line: number }) =>
      `The file is not valid UTF-8 (line ${p.line} contains bytes that are not UTF-8). Choose the encoding "Shift_JIS (CP932)" or "auto".`,
  },
  invalid_cp932: {
    kind: 'invalid',
    ja: (p: { line: number }) =>
      `ファイルが Shift_JIS (CP932) として読めません（${p.line} 行目）。UTF-8 で保存し直すか、文字コードに「UTF-8」を選んでください。`,
    en: (p: { line: number }) =>
      `The file is not valid Shift_JIS (CP932) (line ${p.line}). Save it as UTF-8, or choose the encoding "UTF-8".`,
  },
  csv_syntax: {
    kind: 'invalid',
    ja: (p: { line: number; reasonJa: string; reasonEn: string }) =>
      `CSV の形式が壊れています（${p.line} 行目付近: ${p.reasonJa}）。引用符 " の閉じ忘れや区切り文字を確認してください。`,
    en: (p: { line: number; reasonJa: string; reasonEn: string }) =>
      `The CSV is malformed near line ${p.line} (${p.reasonEn}). Check for an unclosed quote (") or a wrong delimiter.`,
  },
  empty_file: {
    kind: 'invalid',
    ja: () => 'ファイルが空です。見出し行と商品の行があるファイルを選んでください。',
    en: () => 'The file is empty. Choose a file with a header row and item rows.',
  },
  missing_columns: {
    kind: 'invalid',
    ja: (p: { columns: string }) =>
      `必須の列がありません: ${p.columns}。1 行目の見出しを確認してください（形式の選択が正しいかも確認してください）。`,
    en: (p: { columns: string }) =>
      `Required columns are missing: ${p.columns}. Check the header in row 1, and check that the chosen format is right.`,
  },
  duplicate_columns: {
    kind: 'invalid',
    ja: (p: { column: string }) => `見出し「${p.column}」が 2 回以上あります。1 つにしてください。`,
    en: (p: { column: string }) => `The header "${p.column}" appears more than once. Keep one.`,
  },
  location_not_found: {
    kind: 'invalid',
    ja: (p: { location: string }) => `拠点「${p.location}」が見つかりません。拠点の一覧にあるコードを指定してください。`,
    en: (p: { location: string }) => `Location "${p.location}" was not found. Give a code from the list of locations.`,
  },
  characters_missing_from_cp932: {
    kind: 'invalid',
    ja: (p: { cellsJa: string; cellsEn: string }) =>
      `Shift_JIS (CP932) で書けない文字があります: ${p.cellsJa}。UTF-8 で出力してください（Excel でもそのまま開けます）。`,
    en: (p: { cellsJa: string; cellsEn: string }) =>
      `Some characters cannot be written in Shift_JIS (CP932): ${p.cellsEn}. Export in UTF-8 instead (Excel opens it as well).`,
  },
});
