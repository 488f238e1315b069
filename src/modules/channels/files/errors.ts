import { defineErrors } from '../../../shared/errors.js';

/** A list of stock numbers worded for each language ("A-1、A-2 ほか 3 件" / "A-1, A-2 and 3 more"). */
type StockNumberList = { stockNumbersJa: string; stockNumbersEn: string };
type WrongChannel = StockNumberList & { fileName: string; channelJa: string; channelEn: string };
/** Problems worded for each language, each naming the stock number and the field to correct. */
type ProblemList = { problemsJa: string; problemsEn: string };

export const fileExportErrors = defineErrors({
  export_listing_not_found: {
    kind: 'not_found',
    ja: (p: { idsJa: string; idsEn: string }) => `出品（ID ${p.idsJa}）が見つかりません。出品一覧から選び直してください。`,
    en: (p: { idsJa: string; idsEn: string }) => `Listings with ids ${p.idsEn} were not found. Choose them again from the listing list.`,
  },
  export_wrong_channel: {
    kind: 'invalid',
    ja: (p: WrongChannel) => `${p.fileName} は${p.channelJa}用のファイルですが、他のチャネルの出品が選ばれています: 在庫番号 ${p.stockNumbersJa}。これらを選択から外してください。`,
    en: (p: WrongChannel) =>
      `${p.fileName} is a ${p.channelEn} file, but listings of another channel were selected: stock numbers ${p.stockNumbersEn}. Remove them from the selection.`,
  },
  export_characters_missing_from_cp932: {
    kind: 'invalid',
    ja: (p: { cellsJa: string; cellsEn: string }) =>
      `モールのファイルは Shift_JIS (CP932) で書くため、書けない文字があります: ${p.cellsJa}。出品の内容をこの文字を使わないように直してから、もう一度出力してください。`,
    en: (p: { cellsJa: string; cellsEn: string }) =>
      `Mall files are written in Shift_JIS (CP932), which cannot hold these characters: ${p.cellsEn}. Edit the listings to avoid them and export again.`,
  },
  export_yahoo_code_invalid: {
    kind: 'invalid',
    ja: (p: StockNumberList) =>
      `Yahoo!ショッピングの商品コード（code）は半角英数字とハイフンで 99 文字以内、先頭は英数字にしてください。使えないコードの出品: 在庫番号 ${p.stockNumbersJa}。`,
    en: (p: StockNumberList) =>
      `A Yahoo! Shopping item code (code) takes only half-width letters, digits and hyphens, at most 99 characters, starting with a letter or digit. Listings with an invalid code: stock numbers ${p.stockNumbersEn}.`,
  },
  export_yahoo_category_missing: {
    kind: 'invalid',
    ja: (p: StockNumberList) =>
      `Yahoo!ショッピングの data.csv ではプロダクトカテゴリ（product-category）が必須です。出品のカテゴリを入力してください: 在庫番号 ${p.stockNumbersJa}。`,
    en: (p: StockNumberList) =>
      `Yahoo! Shopping's data.csv requires a product category (product-category). Enter the category of these listings: stock numbers ${p.stockNumbersEn}.`,
  },
  export_rakuten_listing_invalid: {
    kind: 'invalid',
    ja: (p: ProblemList) =>
      `楽天市場の normal-item.csv に書けない出品があります: ${p.problemsJa}。出品を直してから、もう一度出力してください。`,
    en: (p: ProblemList) =>
      `Some listings cannot be written to Rakuten's normal-item.csv: ${p.problemsEn}. Correct the listings and export again.`,
  },
});
