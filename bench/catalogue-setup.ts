import { sql } from 'kysely';
import type { DatabaseHandle } from '../src/db/database.js';
import { createUser } from '../src/modules/auth/service.js';
import { locationInput } from '../src/modules/locations/schemas.js';
import { createLocation, transitLocationId } from '../src/modules/locations/service.js';
import { supplierInput } from '../src/modules/suppliers/schemas.js';
import { createSupplier } from '../src/modules/suppliers/service.js';
import type { BulkColumn, BulkWriter } from './bulk-insert.js';
import { generateHistory, generateItem, planTransferPairs, seededRandom, type GeneratedItem, type GeneratedMovement } from './catalogue-data.js';

export interface CatalogueSize {
  items: number;
  movements: number;
  /** Items written off at the end of their history. */
  writeOffs: number;
}

export interface GeneratedCatalogue {
  userId: number;
  email: string;
  password: string;
  /** Stores, warehouses and the exhibition: every location that can have stock. */
  stockLocationIds: number[];
  stockLocationCodes: string[];
  supplierIds: number[];
  supplierCodes: string[];
}

export const BENCH_EMAIL = 'bench@tsunagu.local';
export const BENCH_PASSWORD = 'quiet orchard measure';

const LOCATIONS = [
  { code: 'GINZA', name: '銀座本店', kind: 'store' },
  { code: 'SHINJUKU', name: '新宿店', kind: 'store' },
  { code: 'YOKOHAMA', name: '横浜店', kind: 'store' },
  { code: 'OMIYA', name: '大宮店', kind: 'store' },
  { code: 'CHIBA', name: '千葉店', kind: 'store' },
  { code: 'KASHIWA', name: '柏店', kind: 'store' },
  { code: 'MACHIDA', name: '町田店', kind: 'store' },
  { code: 'WH-TOKYO', name: '東京倉庫', kind: 'warehouse' },
  { code: 'WH-WEB', name: 'EC 倉庫', kind: 'warehouse' },
  { code: 'EX-2026', name: '冬の展示会 2026', kind: 'exhibition' },
] as const;

const ITEM_COLUMNS: BulkColumn[] = [
  { name: 'id', pgType: 'bigint' },
  ...(
    [
      'stock_number', 'jan_code', 'tracking', 'unit', 'status', 'name', 'category', 'brand', 'metal',
    ] as const
  ).map((name) => ({ name, pgType: 'text' as const })),
  { name: 'metal_weight_cg', pgType: 'integer' },
  { name: 'main_stone_kind', pgType: 'text' },
  { name: 'main_stone_carat_mct', pgType: 'integer' },
  ...(['main_stone_shape', 'main_stone_color', 'main_stone_clarity', 'main_stone_cut'] as const).map((name) => ({ name, pgType: 'text' as const })),
  { name: 'side_stones_carat_mct', pgType: 'integer' },
  { name: 'ring_size_tenths', pgType: 'integer' },
  { name: 'length_mm', pgType: 'integer' },
  ...(['condition', 'condition_grade', 'certificate_kind', 'certificate_issuer', 'certificate_number'] as const).map((name) => ({ name, pgType: 'text' as const })),
  { name: 'cost', pgType: 'bigint' },
  { name: 'retail_price', pgType: 'bigint' },
  { name: 'tax_rate_percent', pgType: 'integer' },
  { name: 'description', pgType: 'text' },
  { name: 'tags', pgType: 'text' },
  { name: 'supplier_id', pgType: 'bigint' },
  { name: 'ownership', pgType: 'text' },
  { name: 'source_key', pgType: 'text' },
  { name: 'search_text', pgType: 'text' },
  { name: 'created_at', pgType: 'text' },
  { name: 'updated_at', pgType: 'text' },
  { name: 'created_by', pgType: 'bigint' },
];

const MOVEMENT_COLUMNS: BulkColumn[] = [
  { name: 'id', pgType: 'bigint' },
  { name: 'item_id', pgType: 'bigint' },
  { name: 'kind', pgType: 'text' },
  { name: 'from_location_id', pgType: 'bigint' },
  { name: 'to_location_id', pgType: 'bigint' },
  { name: 'quantity', pgType: 'bigint' },
  { name: 'cost_amount', pgType: 'bigint' },
  { name: 'occurred_at', pgType: 'text' },
  { name: 'recorded_at', pgType: 'text' },
];

const BALANCE_COLUMNS: BulkColumn[] = [
  { name: 'item_id', pgType: 'bigint' },
  { name: 'location_id', pgType: 'bigint' },
  { name: 'quantity', pgType: 'bigint' },
  { name: 'is_unique', pgType: 'integer' },
  { name: 'updated_at', pgType: 'text' },
];

/** Items generated and written per batch; bounds the memory the generator holds. */
const ITEMS_PER_BATCH = 5000;

/** Creates the user, locations and suppliers through the services. */
async function createMasterData(handle: DatabaseHandle): Promise<Omit<GeneratedCatalogue, 'email' | 'password'>> {
  const user = await createUser(handle.db, { email: BENCH_EMAIL, password: BENCH_PASSWORD, displayName: 'Bench', isOwner: true });

  return handle.db.transaction().execute(async (trx) => {
    const stockLocationIds: number[] = [];
    for (const location of LOCATIONS) {
      stockLocationIds.push((await createLocation(trx, locationInput.parse(location))).id);
    }

    const supplierIds: number[] = [];
    const supplierCodes: string[] = [];
    for (let n = 1; n <= 20; n += 1) {
      const code = `SUP${String(n).padStart(3, '0')}`;
      const supplier = await createSupplier(trx, supplierInput.parse({ code, name: `仕入先 ${n} 株式会社`, kind: n % 5 === 0 ? 'individual' : 'business' }));
      supplierIds.push(supplier.id);
      supplierCodes.push(code);
    }
    return { userId: user.id, stockLocationIds, stockLocationCodes: LOCATIONS.map((l) => l.code), supplierIds, supplierCodes };
  });
}

function itemRow(item: GeneratedItem): unknown[] {
  return ITEM_COLUMNS.map((column) => (item as unknown as Record<string, unknown>)[column.name] ?? null);
}

function movementRow(movement: GeneratedMovement): unknown[] {
  return MOVEMENT_COLUMNS.map((column) => (movement as unknown as Record<string, unknown>)[column.name] ?? null);
}

/**
 * Fills an empty, migrated database with a catalogue of `size.items` unique pieces and a
 * ledger of exactly `size.movements` rows, with balances that verifyLedger accepts.
 * Master data goes through the services; items, movements and balances are bulk-loaded.
 */
export async function generateCatalogue(handle: DatabaseHandle, writer: BulkWriter, size: CatalogueSize): Promise<GeneratedCatalogue> {
  const master = await createMasterData(handle);
  const transitId = await transitLocationId(handle.db);
  const random = seededRandom(20261204);
  const pairs = planTransferPairs(size.items, size.movements, size.writeOffs, random);
  // Every n-th item is written off, spread over the whole catalogue.
  const writeOffEvery = size.writeOffs > 0 ? Math.floor(size.items / size.writeOffs) : Infinity;
  let movementId = 0;
  const nextMovementId = () => (movementId += 1);

  for (let start = 0; start < size.items; start += ITEMS_PER_BATCH) {
    const items: unknown[][] = [];
    const movements: unknown[][] = [];
    const balances: unknown[][] = [];

    for (let index = start; index < Math.min(start + ITEMS_PER_BATCH, size.items); index += 1) {
      const item = generateItem(index, random, master.supplierIds, master.userId);
      const writeOff = index % writeOffEvery === writeOffEvery - 1 && index < writeOffEvery * size.writeOffs;
      const history = generateHistory(item, pairs[index]!, writeOff, random, { stockIds: master.stockLocationIds, transitId }, nextMovementId);
      if (history.writtenOff) item.status = 'written_off';

      items.push(itemRow(item));
      for (const movement of history.movements) movements.push(movementRow(movement));
      const updatedAt = history.movements.at(-1)!.recorded_at;
      for (const balance of history.balances) balances.push([balance.item_id, balance.location_id, balance.quantity, 1, updatedAt]);
    }

    await writer.insert('items', ITEM_COLUMNS, items);
    await writer.insert('stock_movements', MOVEMENT_COLUMNS, movements);
    await writer.insert('stock_balances', BALANCE_COLUMNS, balances);
  }

  if (handle.kind === 'postgres') {
    // Explicit ids leave the bigserial sequences behind, and later inserts through the
    // services must continue after them. VACUUM ANALYZE does what autovacuum would have
    // done on a live database by now: it sets the visibility map and collects statistics.
    await sql`select setval(pg_get_serial_sequence('items', 'id'), (select max(id) from items))`.execute(handle.db);
    await sql`select setval(pg_get_serial_sequence('stock_movements', 'id'), (select max(id) from stock_movements))`.execute(handle.db);
    await sql`vacuum analyze`.execute(handle.db);
  }

  if (movementId !== size.movements) throw new Error(`generated ${movementId} movements, expected ${size.movements}`);
  return { ...master, email: BENCH_EMAIL, password: BENCH_PASSWORD };
}
