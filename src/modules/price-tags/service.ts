import type { Executor, Tx } from '../../db/database.js';
import { nowIso } from '../../db/database.js';
import { canActAt, visibleItemIds, type LocationScope } from '../access/scope.js';
import { recordAudit, type AuditActor } from '../audit/service.js';
import { companyTaxRounding, retailPriceIncludingTax } from '../items/pricing.js';
import { normalizeItemCode } from '../items/service.js';
import { purchaseErrors } from '../purchases/errors.js';
import type { BarcodeKind } from './barcodes.js';
import { priceTagErrors } from './errors.js';
import { renderTagsPdf } from './pdf.js';
import { buildPrintTags } from './tags.js';
import { normalizeCostCipher, type TagItem, type TagTemplate } from './templates.js';
import { checkZplFont, renderTagsZpl } from './zpl.js';

// Printing price tags for pieces named by stock number: read them, render the file, and
// record one audit event per piece, marked as a reprint when the piece had a tag before.

export type TagOutputFormat = 'pdf' | 'zpl';

/** A piece to tag; its database id is what the audit event names. */
export type TagRow = TagItem;

/**
 * Reads the pieces in the order of `stockNumbers`, once each. Raises an error naming every
 * stock number that matches no item. The location is where the piece is in stock, the
 * lowest location code when a quantity item is at several.
 */
export async function loadTagItems(db: Executor, stockNumbers: readonly string[]): Promise<TagRow[]> {
  // Codes are folded as a scan is (full-width input, IME dashes), and a lower-case code also
  // finds its upper-case stock number.
  const requested = [...new Set(stockNumbers.map(normalizeItemCode).filter((code) => code !== ''))];
  if (requested.length === 0) return [];

  const candidates = [...new Set(requested.flatMap((code) => [code, code.toUpperCase()]))];
  const found = await db.selectFrom('items').selectAll().where('stock_number', 'in', candidates).execute();
  const rowOf = (code: string) => found.find((row) => row.stock_number === code) ?? found.find((row) => row.stock_number === code.toUpperCase());
  const missing = requested.filter((code) => !rowOf(code));
  if (missing.length > 0) throw priceTagErrors.unknown_items({ codes: missing.join(', ') });
  const rows = [...new Map(requested.map((code) => [rowOf(code)!.id, rowOf(code)!])).values()];

  const balances = await db
    .selectFrom('stock_balances')
    .innerJoin('locations', 'locations.id', 'stock_balances.location_id')
    .select(['stock_balances.item_id', 'locations.code', 'locations.name'])
    .where('stock_balances.item_id', 'in', rows.map((row) => row.id))
    .where('stock_balances.quantity', '>', 0)
    .orderBy('locations.code')
    .execute();
  const rounding = await companyTaxRounding(db);

  return rows.map((row) => {
    const location = balances.find((balance) => balance.item_id === row.id);
    return {
      itemId: row.id,
      stockNumber: row.stock_number,
      name: row.name,
      brand: row.brand,
      metal: row.metal,
      metalWeightCg: row.metal_weight_cg,
      mainStoneCaratMct: row.main_stone_carat_mct,
      ringSizeTenths: row.ring_size_tenths,
      priceIncludingTax: retailPriceIncludingTax(row, rounding),
      unit: row.unit,
      cost: row.cost,
      janCode: row.jan_code,
      location: location?.name ?? null,
    };
  });
}

/**
 * Raises unknown_items naming the pieces that a user limited to some locations may not see,
 * the same error as for a stock number that matches no item, so hidden pieces do not leak.
 */
export async function assertTagItemsVisible(db: Executor, scope: LocationScope, items: readonly TagRow[]): Promise<void> {
  const visible = await visibleItemIds(db, scope, items.map((item) => item.itemId));
  const hidden = items.filter((item) => !visible.has(item.itemId));
  if (hidden.length > 0) throw priceTagErrors.unknown_items({ codes: hidden.map((item) => item.stockNumber).join(', ') });
}

/**
 * Returns the purchase's number and the stock numbers received on it, in line order, once
 * each. A quantity item gets one tag for its line, not one per unit, because its unit may be
 * a centimetre or a gram. Raises purchase_not_found for a purchase at a location outside the
 * user's scope, as the purchase screens do.
 */
export async function purchaseTagStockNumbers(
  db: Executor,
  purchaseId: number,
  scope: LocationScope,
): Promise<{ purchaseNumber: string; stockNumbers: string[] }> {
  const purchase = await db.selectFrom('purchases').select(['number', 'location_id']).where('id', '=', purchaseId).executeTakeFirst();
  if (!purchase || !canActAt(scope, purchase.location_id)) throw purchaseErrors.purchase_not_found({ id: purchaseId });

  const lines = await db
    .selectFrom('purchase_lines')
    .innerJoin('items', 'items.id', 'purchase_lines.item_id')
    .select('items.stock_number')
    .where('purchase_lines.purchase_id', '=', purchaseId)
    .orderBy('purchase_lines.line_no')
    .execute();
  return { purchaseNumber: purchase.number, stockNumbers: [...new Set(lines.map((line) => line.stock_number))] };
}

/** Reads the company's cost cipher, or null when none is set. */
export async function companyCostCipher(db: Executor): Promise<string | null> {
  const row = await db.selectFrom('company_settings').select('cost_cipher').where('id', '=', 1).executeTakeFirst();
  return row?.cost_cipher ?? null;
}

export interface RenderTagsInput {
  /** A ready template, or a custom one from resolveTemplate. */
  template: TagTemplate;
  format: TagOutputFormat;
  items: readonly TagItem[];
  /** Cipher for the cost code; null prints none. */
  costCipher: string | null;
  barcodeKind?: BarcodeKind;
  /** ZPL font name (^A), for printers with a Japanese font. */
  zplFont?: string;
}

/** Renders the tags of the pieces as a PDF or ZPL file. */
export async function renderTags(input: RenderTagsInput): Promise<Buffer> {
  const template = input.template;
  const costCipher = input.costCipher === null ? null : normalizeCostCipher(input.costCipher);
  if (input.format === 'zpl' && template.sheet) throw priceTagErrors.zpl_for_sheet({ template: template.name });
  const zplFont = input.zplFont === undefined ? undefined : checkZplFont(input.zplFont);

  const tags = buildPrintTags(template, input.items, { costCipher, barcodeKind: input.barcodeKind });
  if (input.format === 'pdf') return renderTagsPdf(template, tags);
  return Buffer.from(renderTagsZpl(template, tags, { font: zplFont }), 'utf8');
}

export interface TagPrintRecord {
  templateName: string;
  format: TagOutputFormat;
  /** Destination of the tags: a file name, or "download". */
  destination: string;
  /** Origin of the print, e.g. "cli". */
  source: string;
}

/**
 * Records a `price_tag.print` event per piece in the caller's transaction and stores the
 * printed price in item_tag_prints, which the reprint list compares with the current price.
 * `reprint` is true when an earlier event exists for the piece, so the trail shows which
 * tags were replaced. Returns the stock numbers that were reprints.
 */
export async function recordTagPrint(trx: Tx, actor: AuditActor, items: readonly TagRow[], record: TagPrintRecord): Promise<string[]> {
  const printedBefore = items.length === 0
    ? []
    : await trx
        .selectFrom('audit_events')
        .select('entity_id')
        .distinct()
        .where('action', '=', 'price_tag.print')
        .where('entity_type', '=', 'item')
        .where('entity_id', 'in', items.map((item) => String(item.itemId)))
        .execute();
  const reprinted = new Set(printedBefore.map((row) => row.entity_id));
  const printedAt = nowIso();

  for (const item of items) {
    const printed = { price_including_tax: item.priceIncludingTax, template: record.templateName, printed_at: printedAt, printed_by: actor.userId };
    await trx
      .insertInto('item_tag_prints')
      .values({ item_id: item.itemId, ...printed })
      .onConflict((conflict) => conflict.column('item_id').doUpdateSet(printed))
      .execute();

    await recordAudit(trx, actor, {
      action: 'price_tag.print',
      entityType: 'item',
      entityId: item.itemId,
      detail: {
        stockNumber: item.stockNumber,
        // The printed price lets a later price change find the tags that now show a stale one.
        priceIncludingTax: item.priceIncludingTax,
        template: record.templateName,
        format: record.format,
        destination: record.destination,
        reprint: reprinted.has(String(item.itemId)),
        source: record.source,
      },
    });
  }
  return items.filter((item) => reprinted.has(String(item.itemId))).map((item) => item.stockNumber);
}
