import type { TagItem } from './templates.js';

/** A platinum diamond ring with every tag field set and no JAN code. */
export const RING: TagItem = {
  itemId: 42,
  stockNumber: 'R-2026-00042',
  name: 'PT900 ダイヤモンド リング',
  brand: 'ミキモト',
  metal: 'PT900',
  metalWeightCg: 325,
  mainStoneCaratMct: 302,
  ringSizeTenths: 115,
  priceIncludingTax: 198000,
  unit: 'piece',
  cost: 85000,
  janCode: null,
  location: '銀座本店',
};
