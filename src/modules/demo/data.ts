import type { ItemAttributesRequest } from '../items/schemas.js';
import type { LocationInput } from '../locations/schemas.js';
import type { SellerIdentityInput } from '../purchases/schemas.js';
import type { SupplierInput } from '../suppliers/schemas.js';

// The demo company: a small jewelry retailer with two stores, a warehouse and an autumn
// exhibition. Names, addresses and certificate numbers are made up; prices and weights are
// in the ranges Japanese jewelry stores ask, in base units (yen tax-included for retail,
// yen tax-excluded for cost, centigrams, milli-carats, millimetres, tenths of a ring size).

export const DEMO_COMPANY = {
  name: '宝石のつなぐ屋（デモ）',
  postalCode: '104-0061',
  address: '東京都中央区銀座1-2-3 デモビル 1F',
  phone: '03-0000-0000',
};

/**
 * Shipping settings of the demo company: its sender address and made-up carrier contract
 * codes, so carrier files can be exported in the demo. Real codes come from the carriers.
 */
export const DEMO_SHIPPING = {
  sender: { name: '宝石のつなぐ屋', nameKana: 'ホウセキノツナグヤ', postalCode: '104-0061', prefecture: '東京都', address1: '中央区銀座1-2-3', address2: 'デモビル 1F', phone: '03-0000-0000' },
  defaultItemName: 'アクセサリー',
  handling: ['精密機器'],
  yamato: { customerCode: '012345678901', classCode: '', freightNumber: '01' },
  sagawa: { customerCode: '123456789012' },
};

/** Locations by key; `code` is what the database stores and what --force looks up. */
export const DEMO_LOCATIONS = {
  ginza: { code: 'GINZA', name: '銀座本店', kind: 'store', postalCode: '104-0061', address: '東京都中央区銀座1-2-3 デモビル 1F' },
  motomachi: { code: 'MOTOMACHI', name: '横浜元町店', kind: 'store', postalCode: '231-0861', address: '神奈川県横浜市中区元町4-5-6（デモ）' },
  warehouse: { code: 'HQ-WH', name: '本社倉庫', kind: 'warehouse' },
  exhibition: { code: 'EX-KOBE', name: '神戸ジュエリー展示会', kind: 'exhibition', address: '兵庫県神戸市中央区（デモ会場）' },
} satisfies Record<string, LocationInput>;

export const DEMO_SUPPLIERS = {
  kofu: { code: 'KOFU-KOBO', name: '甲府ジュエリー工房 株式会社', nameKana: 'コウフジュエリーコウボウ', kind: 'business', phone: '055-000-0000' },
  okachimachi: { code: 'OKACHI', name: '御徒町宝飾卸 株式会社', nameKana: 'オカチマチホウショクオロシ', kind: 'business', phone: '03-0000-1111' },
  pearl: { code: 'ISESHIMA', name: '伊勢志摩パール 株式会社', nameKana: 'イセシマパール', kind: 'business', phone: '0599-00-0000' },
  counter: { code: 'KAITORI', name: '店頭買取（個人のお客様）', nameKana: 'テントウカイトリ', kind: 'individual' },
} satisfies Record<string, SupplierInput>;

/** Keys by which the scenario refers to pieces after they are received. */
export type DemoPieceKey =
  | 'solitaire'
  | 'ichimonji'
  | 'halfEternity'
  | 'emeraldRing'
  | 'tanzaniteRing'
  | 'kihei'
  | 'tennisBracelet'
  | 'freshwaterLong'
  | 'pearlSet';

export interface DemoLine {
  key?: DemoPieceKey;
  item: ItemAttributesRequest;
  /** Pieces for unique items (always 1); centimetres or pieces for quantity goods. */
  quantity: number;
  /** Distinguishing features for the secondhand ledger. */
  features?: string;
}

export interface DemoPurchase {
  supplier: keyof typeof DEMO_SUPPLIERS;
  location: keyof typeof DEMO_LOCATIONS;
  /** Days before today; the purchase date is that business day. */
  daysAgo: number;
  supplierDocumentNumber: string;
  isSecondhand?: boolean;
  seller?: SellerIdentityInput;
  lines: DemoLine[];
}

const grading = (number: string) => ({ certificateKind: 'grading_report', certificateIssuer: '中央宝石研究所', certificateNumber: number }) as const;
const identification = (number: string) => ({ certificateKind: 'identification_report', certificateIssuer: '日本宝石科学協会', certificateNumber: number }) as const;
const piece = (item: ItemAttributesRequest, key?: DemoPieceKey): DemoLine => ({ item, quantity: 1, ...(key ? { key } : {}) });

export const DEMO_PURCHASES: DemoPurchase[] = [
  {
    supplier: 'kofu',
    location: 'warehouse',
    daysAgo: 40,
    supplierDocumentNumber: 'KF-24-1187',
    lines: [
      piece({ name: 'PT950 ダイヤモンド ソリティアリング 0.52ct', category: 'ring', metal: 'PT950', metalWeightCg: 412, mainStoneKind: 'ダイヤモンド', mainStoneCaratMct: 520, mainStoneShape: 'round', mainStoneColor: 'F', mainStoneClarity: 'VS1', mainStoneCut: '3EX', ringSizeTenths: 120, cost: 380_000, retailPrice: 880_000, ...grading('DEMO-CGL-0001'), tags: ['ブライダル'] }, 'solitaire'),
      piece({ name: 'PT900 ダイヤモンド 一文字リング 0.30ct', category: 'ring', metal: 'PT900', metalWeightCg: 385, mainStoneKind: 'ダイヤモンド', mainStoneCaratMct: 302, mainStoneShape: 'round', mainStoneColor: 'G', mainStoneClarity: 'VS2', mainStoneCut: 'EXCELLENT', ringSizeTenths: 110, cost: 98_000, retailPrice: 248_000, ...grading('DEMO-CGL-0002') }, 'ichimonji'),
      piece({ name: 'PT900 ダイヤモンド ハーフエタニティリング 0.50ct', category: 'ring', metal: 'PT900', metalWeightCg: 298, sideStonesCaratMct: 500, ringSizeTenths: 90, cost: 85_000, retailPrice: 198_000, tags: ['ブライダル'] }, 'halfEternity'),
      piece({ name: 'K18YG ルビー リング 0.62ct', category: 'ring', metal: 'K18YG', metalWeightCg: 456, mainStoneKind: 'ルビー', mainStoneCaratMct: 620, mainStoneShape: 'oval', sideStonesCaratMct: 150, ringSizeTenths: 130, cost: 120_000, retailPrice: 298_000, ...identification('DEMO-GAJ-0101') }),
      piece({ name: 'PT900 サファイア ダイヤモンド リング 1.05ct', category: 'ring', metal: 'PT900', metalWeightCg: 520, mainStoneKind: 'サファイア', mainStoneCaratMct: 1050, mainStoneShape: 'cushion', mainStoneColor: 'ロイヤルブルー', sideStonesCaratMct: 300, ringSizeTenths: 110, cost: 150_000, retailPrice: 358_000, ...identification('DEMO-GAJ-0102') }),
      piece({ name: 'K18PG ピンクトルマリン リング 1.20ct', category: 'ring', metal: 'K18PG', metalWeightCg: 310, mainStoneKind: 'ピンクトルマリン', mainStoneCaratMct: 1200, mainStoneShape: 'oval', ringSizeTenths: 80, cost: 28_000, retailPrice: 69_800, tags: ['誕生石'] }),
      piece({ name: 'PT900 マリッジリング 甲丸 3mm', category: 'ring', metal: 'PT900', metalWeightCg: 420, ringSizeTenths: 100, cost: 38_000, retailPrice: 99_000, tags: ['ブライダル'] }),
      piece({ name: 'K18WG エメラルド リング 0.80ct', category: 'ring', metal: 'K18WG', metalWeightCg: 480, mainStoneKind: 'エメラルド', mainStoneCaratMct: 800, mainStoneShape: 'emerald', sideStonesCaratMct: 400, ringSizeTenths: 120, cost: 210_000, retailPrice: 528_000, ...identification('DEMO-GAJ-0103') }, 'emeraldRing'),
      piece({ name: 'PT900 タンザナイト リング 2.15ct', category: 'ring', metal: 'PT900', metalWeightCg: 560, mainStoneKind: 'タンザナイト', mainStoneCaratMct: 2150, mainStoneShape: 'oval', sideStonesCaratMct: 200, ringSizeTenths: 130, cost: 95_000, retailPrice: 238_000 }, 'tanzaniteRing'),
      piece({ name: 'K10YG シトリン リング 3.00ct', category: 'ring', metal: 'K10YG', metalWeightCg: 260, mainStoneKind: 'シトリン', mainStoneCaratMct: 3000, mainStoneShape: 'emerald', ringSizeTenths: 105, cost: 12_000, retailPrice: 29_800, tags: ['誕生石'] }),
      piece({ name: 'PT900 ダイヤモンド 一粒ネックレス 0.30ct', category: 'necklace', metal: 'PT900', metalWeightCg: 240, mainStoneKind: 'ダイヤモンド', mainStoneCaratMct: 300, mainStoneShape: 'round', mainStoneColor: 'H', mainStoneClarity: 'SI1', mainStoneCut: 'VERY_GOOD', lengthMm: 450, cost: 70_000, retailPrice: 178_000 }),
      piece({ name: 'K18 喜平ネックレス 6面W 50cm 30g', category: 'necklace', metal: 'K18', metalWeightCg: 3015, lengthMm: 500, cost: 520_000, retailPrice: 798_000, description: '造幣局検定マーク入り。引き輪・中留め仕様。' }, 'kihei'),
      piece({ name: 'PT850 喜平ブレスレット 2面 10g', category: 'bracelet', metal: 'PT850', metalWeightCg: 1002, lengthMm: 180, cost: 85_000, retailPrice: 138_000 }),
      piece({ name: 'K18YG ダイヤモンド テニスブレスレット 1.00ct', category: 'bracelet', metal: 'K18YG', metalWeightCg: 820, sideStonesCaratMct: 1000, lengthMm: 170, cost: 180_000, retailPrice: 398_000 }, 'tennisBracelet'),
    ],
  },
  {
    supplier: 'okachimachi',
    location: 'ginza',
    daysAgo: 30,
    supplierDocumentNumber: 'OK-58213',
    lines: [
      piece({ name: 'PT900 ダイヤモンド 一粒ペンダント 0.20ct', category: 'pendant', metal: 'PT900', metalWeightCg: 180, mainStoneKind: 'ダイヤモンド', mainStoneCaratMct: 200, mainStoneShape: 'round', mainStoneColor: 'G', mainStoneClarity: 'VS2', mainStoneCut: 'VERY_GOOD', lengthMm: 450, cost: 42_000, retailPrice: 99_000 }),
      piece({ name: 'K18WG ダイヤモンド オープンハートペンダント 0.10ct', category: 'pendant', metal: 'K18WG', metalWeightCg: 210, sideStonesCaratMct: 100, lengthMm: 420, cost: 25_000, retailPrice: 59_800, tags: ['ギフト'] }),
      piece({ name: 'K18PG ダイヤモンド クロスペンダント 0.12ct', category: 'pendant', metal: 'K18PG', metalWeightCg: 190, sideStonesCaratMct: 120, lengthMm: 420, cost: 22_000, retailPrice: 52_000 }),
      piece({ name: 'SV925 ブルートパーズ ペンダント 2.50ct', category: 'pendant', metal: 'SV925', metalWeightCg: 350, mainStoneKind: 'ブルートパーズ', mainStoneCaratMct: 2500, mainStoneShape: 'pear', lengthMm: 450, cost: 4_500, retailPrice: 12_800 }),
      piece({ name: 'PT900 ダイヤモンド スタッドピアス 計0.30ct', category: 'pierced_earrings', metal: 'PT900', metalWeightCg: 120, mainStoneKind: 'ダイヤモンド', mainStoneCaratMct: 300, mainStoneShape: 'round', mainStoneColor: 'H', mainStoneClarity: 'SI1', cost: 65_000, retailPrice: 158_000 }),
      piece({ name: 'K18YG フープピアス 2mm×20mm', category: 'pierced_earrings', metal: 'K18YG', metalWeightCg: 240, cost: 18_000, retailPrice: 42_000 }),
      piece({ name: 'K18 アメジスト ピアス 計2.00ct', category: 'pierced_earrings', metal: 'K18', metalWeightCg: 150, mainStoneKind: 'アメジスト', mainStoneCaratMct: 2000, mainStoneShape: 'oval', cost: 15_000, retailPrice: 36_000, tags: ['誕生石'] }),
      piece({ name: 'PT900 ダイヤモンド イヤリング 計0.50ct', category: 'earrings', metal: 'PT900', metalWeightCg: 310, mainStoneKind: 'ダイヤモンド', mainStoneCaratMct: 500, mainStoneShape: 'round', mainStoneColor: 'G', mainStoneClarity: 'VS2', cost: 98_000, retailPrice: 238_000 }),
      piece({ name: 'K18 甲丸バングル 15g', category: 'bangle', metal: 'K18', metalWeightCg: 1520, cost: 210_000, retailPrice: 350_000 }),
      {
        item: { name: 'K18 あずきチェーン 0.9mm（切り売り）', category: 'necklace', tracking: 'quantity', unit: 'cm', metal: 'K18', cost: 300, retailPrice: 800, description: '1cm 単位の切り売り。上代・下代は 1cm あたり。' },
        quantity: 1000,
      },
      {
        item: { name: 'リングケース 白 ベロア', category: 'other', tracking: 'quantity', unit: 'piece', janCode: '4912345678904', cost: 280, retailPrice: 550 },
        quantity: 50,
      },
    ],
  },
  {
    supplier: 'pearl',
    location: 'motomachi',
    daysAgo: 20,
    supplierDocumentNumber: 'IS-2024-0330',
    lines: [
      piece({ name: 'アコヤ真珠 ネックレス 7.5-8.0mm 42cm', category: 'necklace', metal: 'SV925', mainStoneKind: 'アコヤ真珠', lengthMm: 420, cost: 65_000, retailPrice: 158_000, description: '珠サイズ 7.5〜8.0mm、巻き・照り良好。留め金 SV925。' }),
      piece({ name: 'アコヤ真珠 ネックレス 花珠 8.0-8.5mm', category: 'necklace', metal: 'K14WG', mainStoneKind: 'アコヤ真珠', lengthMm: 430, cost: 150_000, retailPrice: 380_000, ...identification('DEMO-PRL-0201'), tags: ['ブライダル'] }),
      piece({ name: 'K18 南洋白蝶真珠 ペンダント 11mm', category: 'pendant', metal: 'K18', mainStoneKind: '白蝶真珠', lengthMm: 450, cost: 60_000, retailPrice: 148_000 }),
      piece({ name: '黒蝶真珠 ネックレス 9-11mm', category: 'necklace', metal: 'SV925', mainStoneKind: '黒蝶真珠', lengthMm: 450, cost: 90_000, retailPrice: 228_000 }),
      piece({ name: 'K18 アコヤ真珠 ピアス 7.5mm', category: 'pierced_earrings', metal: 'K18', mainStoneKind: 'アコヤ真珠', cost: 9_000, retailPrice: 24_000 }),
      piece({ name: 'SV925 アコヤ真珠 イヤリング 8mm', category: 'earrings', metal: 'SV925', mainStoneKind: 'アコヤ真珠', cost: 8_500, retailPrice: 22_000 }),
      piece({ name: '淡水真珠 ロングネックレス 120cm', category: 'necklace', mainStoneKind: '淡水真珠', lengthMm: 1200, cost: 12_000, retailPrice: 32_000 }, 'freshwaterLong'),
      piece({ name: 'K18 パール ダイヤモンド ブローチ', category: 'brooch', metal: 'K18', metalWeightCg: 640, mainStoneKind: 'アコヤ真珠', sideStonesCaratMct: 80, cost: 45_000, retailPrice: 118_000 }),
      piece({ name: 'アコヤ真珠 ネックレス・イヤリング 2点セット', category: 'other', mainStoneKind: 'アコヤ真珠', cost: 52_000, retailPrice: 138_000, description: 'セットで仕入れ、単品に分けて販売する。' }, 'pearlSet'),
    ],
  },
  {
    supplier: 'counter',
    location: 'ginza',
    daysAgo: 10,
    supplierDocumentNumber: 'KAITORI-0007',
    isSecondhand: true,
    seller: {
      name: '佐藤 一郎（デモ）',
      address: '東京都千代田区デモ町1-2-3',
      occupation: '会社員',
      age: 45,
      idCheckMethod: 'driving_licence',
      idDocumentNumber: 'DEMO-1234-5678-90',
    },
    lines: [
      {
        item: { name: 'Cartier ラブリング K18WG #52', category: 'ring', brand: 'Cartier', metal: 'K18WG', metalWeightCg: 590, ringSizeTenths: 120, condition: 'pre_owned', conditionGrade: 'A', cost: 110_000, retailPrice: 198_000, description: '箱・保証書なし。内側に小傷。' },
        quantity: 1,
        features: '内側刻印 52、シリアル番号あり（デモ）',
      },
      {
        item: { name: 'TASAKI アコヤ真珠 リング PT900', category: 'ring', brand: 'TASAKI', metal: 'PT900', metalWeightCg: 450, mainStoneKind: 'アコヤ真珠', ringSizeTenths: 95, condition: 'pre_owned', conditionGrade: 'B', cost: 30_000, retailPrice: 68_000 },
        quantity: 1,
        features: '真珠 約8mm、腕に打痕あり',
      },
    ],
  },
];

/** The split of the pearl set into its two parts; costs are allocated 4 : 1. */
export const DEMO_SPLIT_CHILDREN: Array<{ item: ItemAttributesRequest; ratio: number }> = [
  { item: { name: 'アコヤ真珠 ネックレス 7.0-7.5mm 40cm（セット分割）', category: 'necklace', metal: 'SV925', mainStoneKind: 'アコヤ真珠', lengthMm: 400, cost: 0, retailPrice: 108_000 }, ratio: 4 },
  { item: { name: 'アコヤ真珠 イヤリング 7.0mm（セット分割）', category: 'earrings', metal: 'SV925', mainStoneKind: 'アコヤ真珠', cost: 0, retailPrice: 32_000 }, ratio: 1 },
];

/**
 * Sales staff of the demo, credited with its sales. They get random passwords: the owner
 * sets one on the users screen to sign in as them.
 */
export const DEMO_STAFF = {
  sato: { email: 'sato@demo.tsunagu.local', displayName: '佐藤 美咲（デモ）', locations: ['ginza'] },
  suzuki: { email: 'suzuki@demo.tsunagu.local', displayName: '鈴木 健太（デモ）', locations: ['ginza', 'motomachi'] },
} as const;
export type DemoStaffKey = keyof typeof DEMO_STAFF;

/** A counter sale of the demo: pieces by name (quantity goods with a quantity), so the analytics screens have figures. */
export interface DemoSale {
  location: 'ginza' | 'motomachi';
  /** Staff credited and their whole-percent shares. */
  staff: Array<[DemoStaffKey, number]>;
  /** Days before today; the sale is booked at noon in Japan on that business day. */
  daysAgo: number;
  method: 'cash' | 'card' | 'qr';
  lines: Array<{ name: string; quantity?: number }>;
}

export const DEMO_SALES: DemoSale[] = [
  { location: 'ginza', daysAgo: 25, staff: [['sato', 100]], method: 'card', lines: [{ name: 'K18WG ダイヤモンド オープンハートペンダント 0.10ct' }, { name: 'リングケース 白 ベロア', quantity: 1 }] },
  { location: 'motomachi', daysAgo: 15, staff: [['suzuki', 100]], method: 'cash', lines: [{ name: 'K18 アコヤ真珠 ピアス 7.5mm' }] },
  { location: 'ginza', daysAgo: 12, staff: [['sato', 60], ['suzuki', 40]], method: 'qr', lines: [{ name: 'K18PG ダイヤモンド クロスペンダント 0.12ct' }] },
  { location: 'motomachi', daysAgo: 8, staff: [['suzuki', 100]], method: 'card', lines: [{ name: '黒蝶真珠 ネックレス 9-11mm' }] },
  { location: 'ginza', daysAgo: 5, staff: [['suzuki', 100]], method: 'card', lines: [{ name: 'K18YG フープピアス 2mm×20mm' }, { name: 'K18 あずきチェーン 0.9mm（切り売り）', quantity: 45 }] },
  { location: 'ginza', daysAgo: 3, staff: [['sato', 60], ['suzuki', 40]], method: 'card', lines: [{ name: 'Cartier ラブリング K18WG #52' }] },
  { location: 'motomachi', daysAgo: 0, staff: [['suzuki', 100]], method: 'cash', lines: [{ name: 'SV925 アコヤ真珠 イヤリング 8mm' }] },
  { location: 'ginza', daysAgo: 0, staff: [['sato', 100]], method: 'cash', lines: [{ name: 'リングケース 白 ベロア', quantity: 2 }] },
];

/** This month's sales targets of the demo, tax included, in yen. */
export const DEMO_TARGETS: Array<{ scope: 'company' | 'location' | 'staff'; location?: 'ginza' | 'motomachi'; staff?: DemoStaffKey; amount: number }> = [
  { scope: 'company', amount: 3_000_000 },
  { scope: 'location', location: 'ginza', amount: 2_000_000 },
  { scope: 'location', location: 'motomachi', amount: 1_000_000 },
  { scope: 'staff', staff: 'sato', amount: 1_200_000 },
  { scope: 'staff', staff: 'suzuki', amount: 1_000_000 },
];
