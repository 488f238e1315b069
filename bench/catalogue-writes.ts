import { UNRESTRICTED_SCOPE } from '../src/modules/access/scope.js';
import { stringify } from 'csv-stringify/sync';
import type { DatabaseHandle } from '../src/db/database.js';
import type { Item } from '../src/db/schema.js';
import { importItemsFile } from '../src/modules/item-csv/files.js';
import { tsunaguHeader } from '../src/modules/item-csv/tsunagu-columns.js';
import { formatTsunaguRecord } from '../src/modules/item-csv/tsunagu-layout.js';
import type { ItemAttributesRequest } from '../src/modules/items/schemas.js';
import { purchaseInput } from '../src/modules/purchases/schemas.js';
import { createPurchase } from '../src/modules/purchases/service.js';
import { generateItem, pick, seededRandom, type GeneratedItem } from './catalogue-data.js';
import type { GeneratedCatalogue } from './catalogue-setup.js';
import { timed } from './measure.js';

// The two bulk writes staff do: receiving a long purchase slip and importing a CSV file.

/** Converts a generated item to the attributes that the API and purchase slips take (camelCase, base units). */
function toAttributes(item: GeneratedItem): ItemAttributesRequest {
  return {
    tracking: 'unique',
    unit: 'piece',
    name: item.name,
    category: item.category as ItemAttributesRequest['category'],
    brand: item.brand ?? null,
    metal: item.metal ?? null,
    metalWeightCg: item.metal_weight_cg ?? null,
    mainStoneKind: item.main_stone_kind ?? null,
    mainStoneCaratMct: item.main_stone_carat_mct ?? null,
    mainStoneShape: (item.main_stone_shape ?? null) as ItemAttributesRequest['mainStoneShape'],
    mainStoneColor: item.main_stone_color ?? null,
    mainStoneClarity: (item.main_stone_clarity ?? null) as ItemAttributesRequest['mainStoneClarity'],
    mainStoneCut: (item.main_stone_cut ?? null) as ItemAttributesRequest['mainStoneCut'],
    sideStonesCaratMct: item.side_stones_carat_mct ?? null,
    ringSizeTenths: item.ring_size_tenths ?? null,
    lengthMm: item.length_mm ?? null,
    condition: item.condition,
    conditionGrade: (item.condition_grade ?? null) as ItemAttributesRequest['conditionGrade'],
    certificateKind: item.certificate_kind ?? null,
    certificateIssuer: item.certificate_issuer ?? null,
    certificateNumber: item.certificate_number ?? null,
    cost: item.cost,
    retailPrice: item.retail_price,
    description: item.description ?? null,
    tags: JSON.parse(item.tags ?? '[]') as string[],
  };
}

/**
 * Receives `lines` new pieces on one purchase slip through createPurchase, `runs` times,
 * each slip in its own transaction as the purchase route runs it. Returns the times in ms.
 */
export async function measurePurchaseReceipts(handle: DatabaseHandle, catalogue: GeneratedCatalogue, lines: number, runs: number): Promise<number[]> {
  const random = seededRandom(17);
  const samples: number[] = [];

  for (let run = 0; run < runs; run += 1) {
    const input = purchaseInput.parse({
      supplierId: pick(random, catalogue.supplierIds),
      locationId: pick(random, catalogue.stockLocationIds),
      purchasedOn: '2026-12-01',
      supplierDocumentNumber: `INV-${run + 1}`,
      lines: Array.from({ length: lines }, (_, line) => ({
        item: toAttributes(generateItem(1_000_000 + run * lines + line, random, catalogue.supplierIds, catalogue.userId)),
        quantity: 1,
      })),
    });
    const { ms, result } = await timed(() => handle.db.transaction().execute((trx) => createPurchase(trx, input, { userId: catalogue.userId, scope: UNRESTRICTED_SCOPE })));
    if (result.lines.length !== lines) throw new Error(`purchase received ${result.lines.length} lines, expected ${lines}`);
    samples.push(ms);
  }
  return samples;
}

/**
 * Builds a tsunagu-layout CSV of `rows` new pieces, each with one piece at a store, written
 * by the export's own row formatter so that the import reads exactly what export writes.
 */
export function buildImportCsv(catalogue: GeneratedCatalogue, locationCodes: readonly string[], rows: number): Buffer {
  const random = seededRandom(19);
  const records = Array.from({ length: rows }, (_, index) => {
    const item = generateItem(2_000_000 + index, random, catalogue.supplierIds, catalogue.userId);
    const stockNumber = `OLD-${String(index + 1).padStart(6, '0')}`;
    return formatTsunaguRecord(
      {
        item: { ...item, stock_number: stockNumber, price_basis: 'included' } as Item,
        supplierCode: pick(random, catalogue.supplierCodes),
        photoUrls: [],
        balances: [{ locationCode: pick(random, locationCodes), quantity: 1 }],
      },
      'ja',
    );
  });
  return Buffer.from('\uFEFF' + stringify([tsunaguHeader('ja'), ...records], { record_delimiter: 'windows' }), 'utf8');
}

/** Imports the CSV through importItemsFile (all or nothing) and returns the time in ms. */
export async function measureImport(handle: DatabaseHandle, catalogue: GeneratedCatalogue, bytes: Buffer, rows: number): Promise<number> {
  const { ms, result } = await timed(() => importItemsFile(handle.db, { bytes, fileName: 'bench.csv', userId: catalogue.userId, locale: 'en' }));
  if (result.created !== rows) {
    const first = result.errors.slice(0, 3).map((e) => `row ${e.row} ${e.column}: ${e.message}`).join('; ');
    throw new Error(`import created ${result.created} of ${rows} rows: ${first}`);
  }
  return ms;
}
