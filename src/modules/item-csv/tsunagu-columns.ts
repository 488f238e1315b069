import type { Locale } from '../../shared/errors.js';
import { foldLabel } from './cells.js';

// tsunagu's own item CSV layout, in export order. docs/csv-format.md describes each
// column for users; keep the two in step.

export const TSUNAGU_COLUMN_KEYS = [
  'stockNumber',
  'janCode',
  'tracking',
  'unit',
  'name',
  'category',
  'brand',
  'metal',
  'metalWeight',
  'mainStoneKind',
  'mainStoneCarat',
  'mainStoneShape',
  'mainStoneColor',
  'mainStoneClarity',
  'mainStoneCut',
  'sideStonesCarat',
  'ringSize',
  'length',
  'condition',
  'conditionGrade',
  'certificateKind',
  'certificateIssuer',
  'certificateNumber',
  'cost',
  'retailPrice',
  'priceBasis',
  'taxRate',
  'description',
  'tags',
  'photos',
  'supplierCode',
  'quantity',
  'locationCode',
] as const;
export type TsunaguColumnKey = (typeof TSUNAGU_COLUMN_KEYS)[number];

interface ColumnNames {
  ja: string;
  en: string;
  /** Other spellings accepted on import, besides ja, en and the key itself. */
  aliases?: string[];
}

export const TSUNAGU_COLUMNS: Record<TsunaguColumnKey, ColumnNames> = {
  stockNumber: { ja: '在庫番号', en: 'Stock number', aliases: ['管理番号', 'SKU'] },
  janCode: { ja: 'JANコード', en: 'JAN code', aliases: ['JAN', 'バーコード', 'Barcode'] },
  tracking: { ja: '管理方法', en: 'Tracking' },
  unit: { ja: '単位', en: 'Unit' },
  name: { ja: '商品名', en: 'Name' },
  category: { ja: 'カテゴリ', en: 'Category', aliases: ['カテゴリー', '品目'] },
  brand: { ja: 'ブランド', en: 'Brand' },
  metal: { ja: '地金', en: 'Metal', aliases: ['素材', '品位'] },
  metalWeight: { ja: '地金重量(g)', en: 'Metal weight (g)', aliases: ['重量', '重さ'] },
  mainStoneKind: { ja: '主石', en: 'Main stone', aliases: ['主石の種類', 'Main stone kind'] },
  mainStoneCarat: { ja: '主石カラット(ct)', en: 'Main stone carat (ct)', aliases: ['主石ct', 'カラット'] },
  mainStoneShape: { ja: '主石形状', en: 'Main stone shape', aliases: ['形状', 'シェイプ'] },
  mainStoneColor: { ja: '主石カラー', en: 'Main stone colour', aliases: ['Main stone color', 'カラー'] },
  mainStoneClarity: { ja: '主石クラリティ', en: 'Main stone clarity', aliases: ['クラリティ'] },
  mainStoneCut: { ja: '主石カット', en: 'Main stone cut', aliases: ['カット'] },
  sideStonesCarat: { ja: '脇石カラット(ct)', en: 'Side stones carat (ct)', aliases: ['脇石', 'メレ'] },
  ringSize: { ja: 'リングサイズ(号)', en: 'Ring size (go)', aliases: ['サイズ', '号数'] },
  length: { ja: '長さ(cm)', en: 'Length (cm)', aliases: ['チェーン長さ'] },
  condition: { ja: '状態', en: 'Condition', aliases: ['新品/中古'] },
  conditionGrade: { ja: 'ランク', en: 'Grade', aliases: ['Condition grade'] },
  certificateKind: { ja: '鑑定書・鑑別書', en: 'Certificate', aliases: ['鑑定書種類', 'Certificate kind'] },
  certificateIssuer: { ja: '鑑定機関', en: 'Certificate issuer', aliases: ['鑑定書発行元'] },
  certificateNumber: { ja: '鑑定書番号', en: 'Certificate number' },
  cost: { ja: '下代(税抜)', en: 'Cost (tax excl.)', aliases: ['原価', '仕入価格'] },
  // Brackets are ignored when matching, so files with the former headers 上代(税込) and
  // "Retail price (tax incl.)" still match this column.
  retailPrice: { ja: '上代', en: 'Retail price', aliases: ['販売価格', '売価', '価格', 'Price'] },
  priceBasis: { ja: '税込/税抜', en: 'Price basis', aliases: ['税区分', '上代の税区分', '内税/外税', 'Tax basis'] },
  taxRate: { ja: '税率(%)', en: 'Tax rate (%)', aliases: ['消費税率'] },
  description: { ja: '説明', en: 'Description', aliases: ['商品説明'] },
  tags: { ja: 'タグ', en: 'Tags' },
  photos: { ja: '写真URL', en: 'Photo URLs', aliases: ['画像URL', '写真', 'Photos'] },
  supplierCode: { ja: '仕入先コード', en: 'Supplier code' },
  quantity: { ja: '数量', en: 'Quantity', aliases: ['在庫数'] },
  locationCode: { ja: '拠点コード', en: 'Location code', aliases: ['拠点', 'Location'] },
};

/** Columns a file must have; every other column may be left out and is then blank. */
export const REQUIRED_TSUNAGU_COLUMNS: readonly TsunaguColumnKey[] = ['name', 'category', 'cost', 'retailPrice'];

/** Folds a header for matching: unit hints in brackets are optional ("地金重量" matches "地金重量(g)"). */
export function foldHeader(text: string): string {
  return foldLabel(text.normalize('NFKC').replace(/\([^)]*\)/g, '').replace(/[/・]/g, ''));
}

const KEY_BY_HEADER = new Map<string, TsunaguColumnKey>();
for (const key of TSUNAGU_COLUMN_KEYS) {
  const names = TSUNAGU_COLUMNS[key];
  for (const name of [key, names.ja, names.en, ...(names.aliases ?? [])]) KEY_BY_HEADER.set(foldHeader(name), key);
}

/** Column key for a header in Japanese, English, an alias or the key itself. */
export function tsunaguColumnForHeader(header: string): TsunaguColumnKey | undefined {
  return KEY_BY_HEADER.get(foldHeader(header));
}

/** Returns the header row that export writes. */
export function tsunaguHeader(locale: Locale): string[] {
  return TSUNAGU_COLUMN_KEYS.map((key) => TSUNAGU_COLUMNS[key][locale]);
}
