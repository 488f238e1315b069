import { mulberry32, type Random } from '../src/shared/random.js';
import type { NewItem } from '../src/db/schema.js';
import { buildSearchText } from '../src/modules/items/service.js';

// Deterministic, realistic-looking catalogue rows for the benchmark: jewelry names built
// from metals, stones and designs, prices and weights in the ranges a Japanese jewelry
// chain stocks, and stock numbers in the default "YYMM-NNNNN" pattern.

/** A seeded generator, so that every run builds the same catalogue. */
export const seededRandom = mulberry32;

export type { Random };

export function pick<T>(random: Random, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)]!;
}

export function between(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

const CATEGORIES = [
  { code: 'ring', label: 'リング', share: 34 },
  { code: 'necklace', label: 'ネックレス', share: 18 },
  { code: 'pendant', label: 'ペンダント', share: 14 },
  { code: 'pierced_earrings', label: 'ピアス', share: 14 },
  { code: 'earrings', label: 'イヤリング', share: 5 },
  { code: 'bracelet', label: 'ブレスレット', share: 6 },
  { code: 'bangle', label: 'バングル', share: 3 },
  { code: 'brooch', label: 'ブローチ', share: 2 },
  { code: 'loose_stone', label: 'ルース', share: 3 },
  { code: 'watch', label: '時計', share: 1 },
] as const;
const CATEGORY_WHEEL = CATEGORIES.flatMap((category) => Array<(typeof CATEGORIES)[number]>(category.share).fill(category));

export const BENCH_METALS = ['PT900', 'PT950', 'PT850', 'K18', 'K18YG', 'K18WG', 'K18PG', 'K14', 'K10', 'K10YG', 'SV925', 'PT900/K18'] as const;

/** Stones with a typical carat range (milli-carats) and whether they are diamonds. */
export const BENCH_STONES = [
  { kind: 'ダイヤモンド', min: 100, max: 2000, diamond: true },
  { kind: 'ダイヤモンド', min: 50, max: 600, diamond: true },
  { kind: 'ルビー', min: 200, max: 3000, diamond: false },
  { kind: 'サファイア', min: 300, max: 4000, diamond: false },
  { kind: 'エメラルド', min: 200, max: 2500, diamond: false },
  { kind: 'アコヤ真珠', min: 0, max: 0, diamond: false },
  { kind: '南洋真珠', min: 0, max: 0, diamond: false },
  { kind: 'タンザナイト', min: 500, max: 5000, diamond: false },
  { kind: 'アクアマリン', min: 500, max: 6000, diamond: false },
  { kind: 'パライバトルマリン', min: 100, max: 1500, diamond: false },
  { kind: 'アレキサンドライト', min: 100, max: 1200, diamond: false },
  { kind: 'オパール', min: 500, max: 5000, diamond: false },
  { kind: 'ヒスイ', min: 1000, max: 10000, diamond: false },
  { kind: 'ガーネット', min: 300, max: 3000, diamond: false },
] as const;

const DESIGNS = ['一文字', 'エタニティ', 'ハーフエタニティ', 'ソリティア', 'メレ', 'パヴェ', 'スリーストーン', 'フラワー', 'ハート', 'ミル打ち', 'ツイスト', 'クロス', 'スライド', 'テニス', 'フープ', 'スタッド', 'チェーン', 'アンティーク調', 'ヴィンテージ', 'シンプル'] as const;
const BRANDS = ['TASAKI', 'MIKIMOTO', 'Cartier', 'Tiffany & Co.', 'BVLGARI', 'Van Cleef & Arpels', 'STAR JEWELRY', '4℃', 'AHKAH', 'Ponte Vecchio', 'ete', 'agete'] as const;
const CLARITIES = ['VVS1', 'VVS2', 'VS1', 'VS2', 'SI1', 'SI2'] as const;
const COLORS = ['D', 'E', 'F', 'G', 'H', 'I'] as const;
const CUTS = ['3EX', 'EXCELLENT', 'VERY_GOOD', 'GOOD'] as const;
const TAGS = ['新作', '一点物', 'ブライダル', 'ギフト', '誕生石', '限定', 'セール対象', '展示会向け'] as const;

/** Start of the generated creation dates: four years of purchases before this instant. */
const CATALOGUE_END = Date.parse('2026-11-30T09:00:00.000Z');
const CATALOGUE_SPAN_MS = 4 * 365 * 24 * 3600 * 1000;

/** The stock number of the i-th generated item (0-based): "YYMM-NNNNN", about 2,100 a month. */
export function benchStockNumber(index: number, createdAt: string): string {
  return `${createdAt.slice(2, 4)}${createdAt.slice(5, 7)}-${String(index + 1).padStart(6, '0')}`;
}

export interface GeneratedItem extends NewItem {
  id: number;
}

/**
 * Builds item number `index` (0-based, id index + 1). `supplierIds` are the suppliers the
 * pieces are bought from. The item starts in_stock; the caller sets written_off as needed.
 */
export function generateItem(index: number, random: Random, supplierIds: readonly number[], createdBy: number): GeneratedItem {
  const category = pick(random, CATEGORY_WHEEL);
  const metal = category.code === 'loose_stone' ? null : pick(random, BENCH_METALS);
  const hasStone = category.code === 'loose_stone' || random() < 0.75;
  const stone = hasStone ? pick(random, BENCH_STONES) : undefined;
  const caratMct = stone && stone.max > 0 ? between(random, stone.min, stone.max) : null;
  const design = pick(random, DESIGNS);
  const brand = random() < 0.15 ? pick(random, BRANDS) : null;
  const preOwned = brand !== null ? random() < 0.6 : random() < 0.1;

  const createdAt = new Date(CATALOGUE_END - CATALOGUE_SPAN_MS + Math.floor((index / 100_000) * CATALOGUE_SPAN_MS)).toISOString();
  const stockNumber = benchStockNumber(index, createdAt);
  const caratText = caratMct ? ` ${(caratMct / 1000).toFixed(caratMct % 10 === 0 ? 2 : 3)}ct` : '';
  const name = [metal?.split('/')[0], stone?.kind, design, category.label].filter(Boolean).join(' ') + caratText;

  const cost = Math.round(between(random, 8, 1200) * 1000 * (stone?.diamond ? 1.5 : 1));
  const retailPrice = Math.round((cost * (2 + random())) / 1000) * 1000;
  const tags = random() < 0.3 ? [pick(random, TAGS)] : [];
  const description = random() < 0.4 ? `${design}デザインの${category.label}です。${stone ? `${stone.kind}をあしらっています。` : ''}` : null;

  const item: GeneratedItem = {
    id: index + 1,
    stock_number: stockNumber,
    jan_code: null,
    tracking: 'unique',
    unit: 'piece',
    status: 'in_stock',
    name,
    category: category.code,
    brand,
    metal,
    metal_weight_cg: metal ? between(random, 80, 2500) : null,
    main_stone_kind: stone?.kind ?? null,
    main_stone_carat_mct: caratMct,
    main_stone_shape: stone ? (stone.diamond ? 'round' : pick(random, ['oval', 'pear', 'cushion', 'emerald', 'cabochon'])) : null,
    main_stone_color: stone?.diamond ? pick(random, COLORS) : null,
    main_stone_clarity: stone?.diamond ? pick(random, CLARITIES) : null,
    main_stone_cut: stone?.diamond ? pick(random, CUTS) : null,
    side_stones_carat_mct: random() < 0.3 ? between(random, 50, 1500) : null,
    ring_size_tenths: category.code === 'ring' ? between(random, 10, 40) * 5 : null,
    length_mm: category.code === 'necklace' ? pick(random, [400, 420, 450, 500, 600]) : null,
    condition: preOwned ? 'pre_owned' : 'new',
    condition_grade: preOwned ? pick(random, ['S', 'A', 'B', 'C']) : null,
    certificate_kind: stone?.diamond && caratMct && caratMct >= 300 ? 'grading_report' : null,
    certificate_issuer: stone?.diamond && caratMct && caratMct >= 300 ? '中央宝石研究所' : null,
    certificate_number: stone?.diamond && caratMct && caratMct >= 300 ? `CGL-${100000 + index}` : null,
    cost,
    retail_price: retailPrice,
    tax_rate_percent: 10,
    description,
    tags: JSON.stringify(tags),
    supplier_id: pick(random, supplierIds),
    ownership: 'own',
    source_key: null,
    search_text: '',
    created_at: createdAt,
    updated_at: createdAt,
    created_by: createdBy,
  };
  item.search_text = buildSearchText({
    stockNumber,
    name,
    brand,
    metal,
    mainStoneKind: item.main_stone_kind,
    description,
    tags,
    janCode: null,
  });
  return item;
}

export interface GeneratedMovement {
  id: number;
  item_id: number;
  kind: 'purchase_receipt' | 'transfer_send' | 'transfer_receive' | 'write_off';
  from_location_id: number | null;
  to_location_id: number | null;
  quantity: number;
  cost_amount: number;
  occurred_at: string;
  recorded_at: string;
}

export interface GeneratedBalance {
  item_id: number;
  location_id: number;
  quantity: number;
}

export interface ItemHistory {
  movements: GeneratedMovement[];
  balances: GeneratedBalance[];
  writtenOff: boolean;
}

/**
 * The ledger of one item: a receipt, `pairs` transfers (send to transit, receive at another
 * location) and, when `writeOff`, a final write-off. Balances are what recordMovement would
 * leave: 1 where the piece is now and 0 at every place it has left.
 */
export function generateHistory(
  item: GeneratedItem,
  pairs: number,
  writeOff: boolean,
  random: Random,
  locations: { stockIds: readonly number[]; transitId: number },
  nextMovementId: () => number,
): ItemHistory {
  const movements: GeneratedMovement[] = [];
  const visited = new Set<number>();
  let time = Date.parse(item.created_at);
  const stamp = () => {
    time += between(random, 1, 240) * 3600 * 1000;
    return new Date(time).toISOString();
  };
  const add = (kind: GeneratedMovement['kind'], from: number | null, to: number | null) => {
    const at = stamp();
    movements.push({ id: nextMovementId(), item_id: item.id, kind, from_location_id: from, to_location_id: to, quantity: 1, cost_amount: item.cost, occurred_at: at, recorded_at: at });
  };

  let here = pick(random, locations.stockIds);
  add('purchase_receipt', null, here);
  visited.add(here);
  for (let pair = 0; pair < pairs; pair += 1) {
    let there = pick(random, locations.stockIds);
    while (there === here) there = pick(random, locations.stockIds);
    add('transfer_send', here, locations.transitId);
    add('transfer_receive', locations.transitId, there);
    visited.add(locations.transitId);
    visited.add(there);
    here = there;
  }
  if (writeOff) add('write_off', here, null);

  const balances = [...visited].map((locationId) => ({
    item_id: item.id,
    location_id: locationId,
    quantity: !writeOff && locationId === here ? 1 : 0,
  }));
  return { movements, balances, writtenOff: writeOff };
}

/**
 * Transfers per item so that the ledger has exactly `movementCount` rows: each item has one
 * receipt, written-off items one write-off, and the rest are send/receive pairs spread
 * from 0 to about 9 per item (neighbouring items trade pairs to vary the count).
 */
export function planTransferPairs(itemCount: number, movementCount: number, writeOffCount: number, random: Random): number[] {
  const pairRows = movementCount - itemCount - writeOffCount;
  if (pairRows < 0 || pairRows % 2 !== 0) {
    throw new Error(`cannot make ${movementCount} movements from ${itemCount} items and ${writeOffCount} write-offs`);
  }
  const totalPairs = pairRows / 2;

  const pairs = Array.from({ length: itemCount }, (_, i) => Math.floor((totalPairs * (i + 1)) / itemCount) - Math.floor((totalPairs * i) / itemCount));
  for (let i = 0; i + 1 < itemCount; i += 2) {
    const shift = Math.min(pairs[i]!, between(random, 0, 4));
    pairs[i] = pairs[i]! - shift;
    pairs[i + 1] = pairs[i + 1]! + shift;
  }
  return pairs;
}
