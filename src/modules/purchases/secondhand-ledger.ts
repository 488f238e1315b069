import type { Executor } from '../../db/database.js';
import { idsForInFilter } from '../access/scope.js';
import { fetchPage } from '../stock-lines/service.js';
import { toExcelCsv, type CsvEncoding } from '../../shared/csv-safe.js';
import type { Locale } from '../../shared/errors.js';
import { ID_CHECK_METHOD_LABELS, type IdCheckMethod, type SecondhandEntryOutput, type SecondhandLedgerQuery } from './schemas.js';

// The secondhand ledger (古物台帳): one row per pre-owned article bought from an identified
// seller, as the Secondhand Articles Dealer Act requires licensed dealers to keep.

export interface SecondhandFilters {
  purchaseId?: number;
  from?: string | undefined;
  to?: string | undefined;
  /** Receiving locations to include; every location when undefined. */
  locationIds?: readonly number[] | undefined;
}

function entriesQuery(db: Executor, filters: SecondhandFilters) {
  let query = db
    .selectFrom('secondhand_records as record')
    .innerJoin('purchases', 'purchases.id', 'record.purchase_id')
    .innerJoin('items', 'items.id', 'record.item_id')
    .leftJoin('users', 'users.id', 'record.checked_by')
    .selectAll('record')
    .select(['purchases.number as purchase_number', 'items.stock_number', 'users.display_name as checked_by_name']);
  if (filters.purchaseId !== undefined) query = query.where('record.purchase_id', '=', filters.purchaseId);
  if (filters.from) query = query.where('record.acquired_on', '>=', filters.from);
  if (filters.to) query = query.where('record.acquired_on', '<=', filters.to);
  if (filters.locationIds !== undefined) {
    query = query.where('purchases.location_id', 'in', idsForInFilter(filters.locationIds));
  }
  return query;
}

type EntryRow = Awaited<ReturnType<ReturnType<typeof entriesQuery>['executeTakeFirstOrThrow']>>;

function toEntry(row: EntryRow): SecondhandEntryOutput {
  return {
    id: row.id,
    purchaseId: row.purchase_id,
    purchaseNumber: row.purchase_number,
    itemId: row.item_id,
    stockNumber: row.stock_number,
    acquiredOn: row.acquired_on,
    itemDescription: row.item_description,
    quantity: row.quantity,
    price: row.price,
    sellerName: row.seller_name,
    sellerAddress: row.seller_address,
    sellerOccupation: row.seller_occupation,
    sellerBirthDate: row.seller_birth_date,
    sellerAge: row.seller_age,
    idCheckMethod: row.id_check_method as IdCheckMethod,
    idCheckDescription: row.id_check_description,
    idDocumentNumber: row.id_document_number,
    checkedBy: row.checked_by,
    checkedByName: row.checked_by_name,
  };
}

/** Lists ledger rows in the order the articles were acquired, oldest first. */
export async function listSecondhandEntries(db: Executor, filters: SecondhandFilters): Promise<SecondhandEntryOutput[]> {
  return (await orderedEntries(db, filters).execute()).map(toEntry);
}

function orderedEntries(db: Executor, filters: SecondhandFilters) {
  return entriesQuery(db, filters).orderBy('record.acquired_on').orderBy('record.id');
}

/** Returns one page of the ledger and the number of rows in the date range. */
export async function secondhandLedgerPage(db: Executor, query: SecondhandLedgerQuery, locationIds?: readonly number[]) {
  const { rows, ...page } = await fetchPage(orderedEntries(db, { ...query, locationIds }), query);
  return { entries: rows.map(toEntry), ...page };
}

const HEADERS: Record<Locale, string[]> = {
  ja: ['取引年月日', '仕入番号', '在庫番号', '品目・特徴', '数量', '代価', '相手方氏名', '住所', '職業', '生年月日', '年齢', '確認方法', '確認方法の内容', '確認書類番号', '確認者'],
  en: ['Date', 'Purchase number', 'Stock number', 'Article and features', 'Quantity', 'Price (yen)', 'Seller name', 'Address', 'Occupation', 'Birth date', 'Age', 'ID check method', 'ID check details', 'ID document number', 'Checked by'],
};

/**
 * Writes the ledger for a date range as a CSV file that Excel opens safely, headed in the
 * user's language. Unlike the item export, the price column stays for users without
 * cost.view. The price paid to each seller is part of the record the Secondhand Articles
 * Dealer Act requires, and only users with data.export reach this file.
 */
export async function exportSecondhandLedger(
  db: Executor,
  filters: SecondhandFilters,
  encoding: CsvEncoding,
  locale: Locale,
): Promise<Buffer> {
  const entries = await listSecondhandEntries(db, filters);
  const rows = entries.map((entry) => [
    entry.acquiredOn,
    entry.purchaseNumber,
    entry.stockNumber,
    entry.itemDescription,
    entry.quantity,
    entry.price,
    entry.sellerName,
    entry.sellerAddress,
    entry.sellerOccupation,
    entry.sellerBirthDate,
    entry.sellerAge,
    ID_CHECK_METHOD_LABELS[entry.idCheckMethod]?.[locale] ?? entry.idCheckMethod,
    entry.idCheckDescription,
    entry.idDocumentNumber,
    entry.checkedByName,
  ]);
  return toExcelCsv(HEADERS[locale], rows, encoding);
}
