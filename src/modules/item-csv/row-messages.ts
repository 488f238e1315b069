// Wording of the per-row problems in an import report, in both languages. The report picks
// the user's language at the end, so the service never needs to know it.

export interface Bilingual {
  ja: string;
  en: string;
}

export const rowMessages = {
  required: (): Bilingual => ({ ja: '入力してください。', en: 'This column is required.' }),

  notANumber: (unit: string): Bilingual => ({
    ja: `数値（${unit}）で入力してください。`,
    en: `Enter a number (${unit}).`,
  }),

  tooManyDecimals: (decimals: number, unit: string): Bilingual => ({
    ja: `小数点以下は ${decimals} 桁までです（単位 ${unit}）。`,
    en: `Use at most ${decimals} decimal places (unit: ${unit}).`,
  }),

  wholeYen: (): Bilingual => ({
    ja: '金額は円単位の整数で入力してください（例: 128000）。',
    en: 'Enter amounts in whole yen (example: 128000).',
  }),

  unknownValue: (allowed: string): Bilingual => ({
    ja: `使えない値です。次のいずれかを入力してください: ${allowed}`,
    en: `This value is not allowed. Use one of: ${allowed}`,
  }),

  priceBasisUnknown: (value: string): Bilingual => ({
    ja: `「${value}」は上代の税込・税抜の区分として使えません。「税込」か「税抜」（included か excluded）を入力してください。空欄なら税込です。`,
    en: `"${value}" is not a price basis. Enter 税込 or 税抜 (included or excluded); an empty cell means tax-included.`,
  }),

  retailPriceHeaderExcluded: (): Bilingual => ({
    ja: '上代の見出しは税抜を示していますが、「税込/税抜」の列がないため、上代はすべて税込として取り込みます。税抜の価格なら「税込/税抜」の列を足して「税抜」と入力してください。',
    en: 'The retail price header says tax-excluded, but the file has no Price basis column, so every retail price is read as tax-included. For tax-excluded prices, add a Price basis column and enter "excluded".',
  }),

  uniqueQuantity: (): Bilingual => ({
    ja: '1点物の数量は 0 か 1 です。数量で管理する商品なら「管理方法」を「数量管理」にしてください。',
    en: 'A unique piece has quantity 0 or 1. For goods counted by quantity, set Tracking to "quantity".',
  }),

  locationSplit: (): Bilingual => ({
    ja: '拠点ごとの数量は「拠点コード:数量」を | で区切って書いてください（例: GINZA:2|HONTEN:1）。',
    en: 'Write quantities per location as "CODE:quantity" separated by | (example: GINZA:2|HONTEN:1).',
  }),

  locationSplitTotal: (sum: string, total: string): Bilingual => ({
    ja: `拠点ごとの数量の合計 ${sum} が「数量」${total} と一致しません。`,
    en: `The quantities per location add up to ${sum}, not the Quantity ${total}.`,
  }),

  locationRequired: (): Bilingual => ({
    ja: '在庫がある行には拠点コードが必要です。拠点コードを入力するか、取り込むときに既定の拠点を選んでください。',
    en: 'A row with stock needs a location. Enter a location code, or choose a default location for the import.',
  }),

  locationNotFound: (code: string): Bilingual => ({
    ja: `拠点コード「${code}」が見つかりません。拠点の一覧にあるコードを入力してください。`,
    en: `Location code "${code}" was not found. Use a code from the list of locations.`,
  }),

  supplierNotFound: (code: string): Bilingual => ({
    ja: `仕入先コード「${code}」が見つかりません。先に仕入先を登録するか、空欄にしてください。`,
    en: `Supplier code "${code}" was not found. Register the supplier first, or leave the cell empty.`,
  }),

  duplicateInFile: (firstRow: number): Bilingual => ({
    ja: `${firstRow} 行目と同じ商品です。重複した行を削除してください。`,
    en: `This is the same item as row ${firstRow}. Remove the duplicate row.`,
  }),

  stockNumberInUse: (stockNumber: string): Bilingual => ({
    ja: `在庫番号「${stockNumber}」は別の商品で使われています。別の在庫番号にしてください。`,
    en: `Stock number "${stockNumber}" belongs to another item. Use another stock number.`,
  }),

  itemNotFoundInScope: (stockNumber: string | null): Bilingual =>
    stockNumber === null
      ? {
          ja: 'この行の商品は、担当の拠点の商品の中に見つかりません。この行を削除してください。',
          en: "This row's item was not found among the items at your locations. Remove the row.",
        }
      : {
          ja: `在庫番号「${stockNumber}」の商品は、担当の拠点の商品の中に見つかりません。在庫番号を確認するか、この行を削除してください。`,
          en: `The item with stock number "${stockNumber}" was not found among the items at your locations. Check the stock number or remove the row.`,
        },

  locationOutOfScope: (code: string): Bilingual => ({
    ja: `拠点「${code}」での操作は許可されていません。担当の拠点のコードにするか、管理者に権限の付与を依頼してください。`,
    en: `You are not allowed to act at location "${code}". Use one of your locations, or ask an administrator to grant this one.`,
  }),

  costColumnIgnored: (): Bilingual => ({
    ja: '下代（原価）を扱う権限がないため、この列は読み飛ばしました。新しい商品の下代は 0 円になります。',
    en: 'You lack the permission to view cost, so this column was ignored. New items get a cost of 0 yen.',
  }),

  blockedByScope: (): Bilingual => ({
    ja: '担当外の商品や拠点を指す行があるため、どの行も取り込みませんでした。該当する行を直すか削除してから、もう一度取り込んでください。',
    en: 'Some rows refer to items or locations outside your locations, so no row was imported. Fix or remove those rows and import again.',
  }),

  alreadyImported: (stockNumber: string): Bilingual => ({
    ja: `在庫番号 ${stockNumber} として登録済みのため、この行は読み飛ばしました。`,
    en: `Already registered as stock number ${stockNumber}, so this row was skipped.`,
  }),

  janInUse: (janCode: string, stockNumber: string): Bilingual => ({
    ja: `JAN コード ${janCode} は数量管理の商品「${stockNumber}」で使われています。同じ商品なら、その商品に入庫してください。`,
    en: `JAN code ${janCode} belongs to the quantity-tracked item "${stockNumber}". If it is the same product, receive stock into that item instead.`,
  }),

  extraCells: (count: number): Bilingual => ({
    ja: `見出しより ${count} 個多くセルがあります。区切りのカンマや引用符を確認してください。`,
    en: `This row has ${count} more cells than the header. Check the commas and quotes.`,
  }),

  unknownColumn: (): Bilingual => ({
    ja: 'この見出しは使われないため、列ごと読み飛ばしました。',
    en: 'This header is not a known column, so the column was ignored.',
  }),

  priceRounded: (value: string, yen: number): Bilingual => ({
    ja: `価格 ${value} に小数があるため、円単位に四捨五入して ${yen} 円にしました。外貨の価格なら円に換算してから取り込み直してください。`,
    en: `The price ${value} has decimals, so it was rounded to ${yen} yen. If it is in another currency, convert it to yen and import again.`,
  }),

  unknownProductType: (type: string): Bilingual => ({
    ja: `商品タイプ「${type}」に対応するカテゴリがないため「その他」にしました。`,
    en: `The product type "${type}" matches no category, so the item was filed under "Other".`,
  }),

  barcodeNotJan: (value: string): Bilingual => ({
    ja: `バーコード「${value}」は JAN コードではないため、取り込みませんでした。`,
    en: `The barcode "${value}" is not a JAN code, so it was not imported.`,
  }),

  negativeQuantity: (value: string): Bilingual => ({
    ja: `在庫数 ${value} はマイナスのため 0 として取り込みました。`,
    en: `The inventory quantity ${value} is negative, so it was imported as 0.`,
  }),

  giftCardSkipped: (): Bilingual => ({
    ja: 'ギフトカードは商品として取り込みません。この行は読み飛ばしました。',
    en: 'Gift cards are not items, so this row was skipped.',
  }),

  listTruncated: (kept: number, given: number): Bilingual => ({
    ja: `${given} 件のうち先頭の ${kept} 件だけを取り込みました（上限 ${kept} 件）。`,
    en: `Only the first ${kept} of ${given} entries were imported (the limit is ${kept}).`,
  }),

  variantWithoutProduct: (handle: string): Bilingual => ({
    ja: `ハンドル「${handle}」の商品行（Title のある行）がありません。`,
    en: `No product row (a row with a Title) exists for the handle "${handle}".`,
  }),
};
