import type { Item } from '../../db/schema.js';

/**
 * Describes an item for the secondhand ledger, which must let the police identify the
 * article: name, stock number, metal and weight, stones, brand, size, condition, and the
 * distinguishing features entered on the purchase line.
 */
export function describeForSecondhandLedger(item: Item, features: string | null | undefined): string {
  const parts: string[] = [item.name, `在庫番号 ${item.stock_number}`];

  if (item.brand) parts.push(item.brand);
  if (item.metal) {
    const weight = item.metal_weight_cg === null ? '' : ` ${(item.metal_weight_cg / 100).toFixed(2)}g`;
    parts.push(`${item.metal}${weight}`);
  }
  if (item.main_stone_kind) {
    const carat = item.main_stone_carat_mct === null ? '' : ` ${(item.main_stone_carat_mct / 1000).toFixed(3)}ct`;
    parts.push(`${item.main_stone_kind}${carat}`);
  }
  if (item.side_stones_carat_mct !== null) parts.push(`脇石 ${(item.side_stones_carat_mct / 1000).toFixed(3)}ct`);
  if (item.ring_size_tenths !== null) parts.push(`${item.ring_size_tenths / 10}号`);
  if (item.certificate_number) parts.push(`鑑定・鑑別書 ${item.certificate_issuer ?? ''} ${item.certificate_number}`.replace(/\s+/g, ' '));
  if (item.condition_grade) parts.push(`ランク ${item.condition_grade}`);
  if (features) parts.push(`特徴: ${features}`);

  return parts.join(' / ');
}
