import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import { itemVisibleCondition, visibleStockFilter, type LocationScope } from '../access/scope.js';
import { getVisibleItem } from '../items/service.js';
import { companyTaxRounding, retailPriceIncludingTax, retailPriceIncludingTaxSql } from '../items/pricing.js';
import { fetchPage, type PageRequest } from '../stock-lines/service.js';
import type { ReprintRow, TagStatus } from './schemas.js';

// Stale price tags: pieces whose tax-included retail price is no longer the price on their
// last printed tag. Comparing with the stored printed price catches every cause of a price
// change (an item edit, a CSV import, a new tax rate or rounding mode) without hooks in them.

/**
 * Lists the pieces in stock (quantity above 0 at some location) whose current tax-included
 * price differs from the price on their last tag, by stock number. Pieces never tagged are
 * left out, and a user limited to some locations gets only the pieces they may see.
 */
export async function listReprints(db: Executor, page: PageRequest, scope: LocationScope) {
  const currentPrice = retailPriceIncludingTaxSql(await companyTaxRounding(db));
  // The location a tag shows: the lowest location code that has the piece in stock.
  const location = sql<string | null>`(select l.name from stock_balances sb inner join locations l on l.id = sb.location_id
    where sb.item_id = items.id and sb.quantity > 0 order by l.code limit 1)`;

  let query = db
    .selectFrom('item_tag_prints')
    .innerJoin('items', 'items.id', 'item_tag_prints.item_id')
    .select([
      'items.id',
      'items.stock_number',
      'items.name',
      'item_tag_prints.price_including_tax',
      'item_tag_prints.printed_at',
      currentPrice.as('current_price'),
      location.as('location'),
    ])
    .where(sql<boolean>`${currentPrice} <> item_tag_prints.price_including_tax`)
    .where(sql<boolean>`exists (select 1 from stock_balances sb where sb.item_id = items.id and sb.quantity > 0)`);
  const filter = visibleStockFilter(scope);
  if (filter !== undefined) query = query.where(itemVisibleCondition(filter));

  const { rows, ...paging } = await fetchPage(query.orderBy('items.stock_number'), page);
  return {
    items: rows.map(
      (row): ReprintRow => ({
        itemId: row.id,
        stockNumber: row.stock_number,
        name: row.name,
        location: row.location,
        printedPriceIncludingTax: Number(row.price_including_tax),
        currentPriceIncludingTax: Number(row.current_price),
        printedAt: row.printed_at,
      }),
    ),
    ...paging,
  };
}

/** Reads the last tag of one piece and whether its price is stale. Raises item_not_found for a piece the user may not see. */
export async function tagStatusOf(db: Executor, itemId: number, scope: LocationScope): Promise<TagStatus> {
  const item = await getVisibleItem(db, itemId, scope);
  const currentPrice = retailPriceIncludingTax(item, await companyTaxRounding(db));
  const printed = await db.selectFrom('item_tag_prints').selectAll().where('item_id', '=', itemId).executeTakeFirst();

  if (!printed) return { itemId, currentPriceIncludingTax: currentPrice, lastPrint: null, stale: false };
  return {
    itemId,
    currentPriceIncludingTax: currentPrice,
    lastPrint: {
      priceIncludingTax: Number(printed.price_including_tax),
      template: printed.template,
      printedAt: printed.printed_at,
    },
    stale: Number(printed.price_including_tax) !== currentPrice,
  };
}
