import type { Insertable } from 'kysely';
import { chunked, rowsPerStatement } from '../../db/chunks.js';
import type { Tx } from '../../db/database.js';
import type { ItemPhotosTable, NewItem } from '../../db/schema.js';
import { foldForSearch } from '../../shared/text.js';
import type { ItemAttributes } from './schemas.js';

// Column values of item rows, shared by creating and updating items.

/**
 * The text stored in items.search_text: stock number, name, brand, metal, main stone kind,
 * description, tags and JAN code, folded by foldForSearch so that a folded query matches
 * regardless of character width and case.
 */
export function buildSearchText(input: {
  stockNumber: string;
  name: string;
  brand?: string | null | undefined;
  metal?: string | null | undefined;
  mainStoneKind?: string | null | undefined;
  description?: string | null | undefined;
  tags?: readonly string[];
  janCode?: string | null | undefined;
}): string {
  const parts = [
    input.stockNumber,
    input.name,
    input.brand,
    input.metal,
    input.mainStoneKind,
    input.description,
    ...(input.tags ?? []),
    input.janCode,
  ];
  return foldForSearch(parts.filter((part) => part != null && part !== '').join(' '));
}

/** Column values shared by insert and update, from validated attributes. */
export function attributeColumns(input: ItemAttributes) {
  return {
    jan_code: input.janCode ?? null,
    tracking: input.tracking,
    unit: input.unit,
    name: input.name,
    category: input.category,
    brand: input.brand ?? null,
    metal: input.metal ?? null,
    metal_weight_cg: input.metalWeightCg ?? null,
    main_stone_kind: input.mainStoneKind ?? null,
    main_stone_carat_mct: input.mainStoneCaratMct ?? null,
    main_stone_shape: input.mainStoneShape ?? null,
    main_stone_color: input.mainStoneColor ?? null,
    main_stone_clarity: input.mainStoneClarity ?? null,
    main_stone_cut: input.mainStoneCut ?? null,
    side_stones_carat_mct: input.sideStonesCaratMct ?? null,
    ring_size_tenths: input.ringSizeTenths ?? null,
    length_mm: input.lengthMm ?? null,
    condition: input.condition,
    condition_grade: input.conditionGrade ?? null,
    certificate_kind: input.certificateKind ?? null,
    certificate_issuer: input.certificateIssuer ?? null,
    certificate_number: input.certificateNumber ?? null,
    cost: input.cost ?? 0,
    retail_price: input.retailPrice,
    description: input.description ?? null,
    tags: JSON.stringify(input.tags),
    supplier_id: input.supplierId ?? null,
  } satisfies Partial<NewItem>;
}

/** Reads which unique column a SQLite or PostgreSQL constraint violation hit. */
export function violatedUniqueColumn(error: unknown): 'stock_number' | 'source_key' | null {
  const code = (error as { code?: string }).code;
  if (code !== '23505' && code !== 'SQLITE_CONSTRAINT_UNIQUE') return null;
  const text = `${(error as { constraint?: string }).constraint ?? ''} ${error instanceof Error ? error.message : ''}`;
  if (text.includes('stock_number')) return 'stock_number';
  if (text.includes('source_key')) return 'source_key';
  return null;
}

/** Parameters each photo row binds: item_id, position, url, alt_text. */
const PHOTO_COLUMNS = 4;

/** Item photo rows, one per photo in the order given, position counted from 0. */
export function photoRows(itemId: number, photos: ItemAttributes['photos']): Insertable<ItemPhotosTable>[] {
  return photos.map((photo, position) => ({ item_id: itemId, position, url: photo.url, alt_text: photo.altText ?? null }));
}

/** Inserts photo rows with as few multi-row statements as the parameter limit allows. */
export async function insertPhotos(trx: Tx, rows: Insertable<ItemPhotosTable>[]): Promise<void> {
  for (const chunk of chunked(rows, rowsPerStatement(PHOTO_COLUMNS))) {
    await trx.insertInto('item_photos').values(chunk).execute();
  }
}
