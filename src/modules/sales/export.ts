import type { Executor } from '../../db/database.js';
import { toExcelCsv, type CsvEncoding } from '../../shared/csv-safe.js';
import { formatJapanTime } from '../../shared/time.js';
import type { LocationScope } from '../access/scope.js';
import { PAYMENT_METHOD_LABELS } from './rules.js';
import type { SaleListQuery, SaleSummary } from './schemas.js';
import { listSales } from './service.js';

// The sales CSV: one row per sale or return, with the per-rate figures stored from the tax
// engine, so the file, the receipts and the sales list show the same tax. Returns carry
// negative amounts and voided sales zero, so that a column's sum is the net figure of the
// period; a voided sale keeps its row, marked 取消, for the record.

const HEADERS = {
  ja: ['売上番号', '区分', '状態', '営業日', '日時', '拠点', 'レジ', '顧客', '元の売上番号', '点数', '小計', '値引・クーポン・ポイント', '合計（税込）', '消費税合計', '10%対象（税込）', '10%消費税', '8%対象（税込）', '8%消費税', '非課税', '支払', '端数処理'],
  en: ['Sale number', 'Kind', 'Status', 'Business date', 'Time', 'Location', 'Register', 'Customer', 'Original sale', 'Units', 'Subtotal', 'Discounts, coupons, points', 'Total (tax incl.)', 'Tax total', '10% total (tax incl.)', '10% tax', '8% total (tax incl.)', '8% tax', 'Tax-exempt', 'Payments', 'Rounding'],
};

const KIND_LABELS = { sale: { ja: '販売', en: 'Sale' }, return: { ja: '返品', en: 'Return' } };
const STATUS_LABELS = { completed: { ja: '完了', en: 'Completed' }, voided: { ja: '取消', en: 'Voided' } };
const ROUNDING_LABELS = { down: { ja: '切り捨て', en: 'Round down' }, half_up: { ja: '四捨五入', en: 'Round half up' }, up: { ja: '切り上げ', en: 'Round up' } };

/** Rows fetched per query while exporting, to keep memory flat for long periods. */
const EXPORT_PAGE_SIZE = 200;

function rateFigure(sale: SaleSummary, ratePercent: number, field: 'total' | 'tax'): number {
  return sale.taxRates.find((rate) => rate.ratePercent === ratePercent)?.[field] ?? 0;
}

/** Factor a document's amounts take in the file: 0 for a voided one, -1 for a return, 1 for a sale. */
function signOf(sale: SaleSummary): number {
  if (sale.status === 'voided') return 0;
  return sale.kind === 'return' ? -1 : 1;
}

/** Builds the sales CSV for the filters of the sales list (paging ignored). */
export async function exportSalesCsv(
  db: Executor,
  filters: Omit<SaleListQuery, 'page' | 'pageSize'>,
  scope: LocationScope,
  locale: 'ja' | 'en',
  encoding: CsvEncoding,
): Promise<{ csv: Buffer; rowCount: number }> {
  const rows: Array<Array<string | number | null>> = [];
  for (let page = 1; ; page += 1) {
    const result = await listSales(db, { ...filters, page, pageSize: EXPORT_PAGE_SIZE }, scope);
    const ids = result.sales.map((sale) => sale.id);
    const payments = ids.length === 0 ? [] : await db.selectFrom('sale_payments').select(['sale_id', 'method', 'amount']).where('sale_id', 'in', ids).orderBy('id').execute();

    for (const sale of result.sales) {
      const sign = signOf(sale);
      const paid = payments
        .filter((payment) => payment.sale_id === sale.id)
        .map((payment) => `${PAYMENT_METHOD_LABELS[payment.method][locale]} ${sale.kind === 'return' ? -payment.amount : payment.amount}`)
        .join(' / ');
      rows.push([
        sale.number,
        KIND_LABELS[sale.kind][locale],
        STATUS_LABELS[sale.status][locale],
        sale.businessDate,
        formatJapanTime(sale.soldAt),
        sale.locationName,
        sale.registerName,
        sale.customerName,
        sale.originalSaleNumber,
        sign * sale.itemCount,
        sign * sale.subtotal,
        sign * sale.reductionTotal,
        sign * sale.total,
        sign * sale.taxTotal,
        sign * rateFigure(sale, 10, 'total'),
        sign * rateFigure(sale, 10, 'tax'),
        sign * rateFigure(sale, 8, 'total'),
        sign * rateFigure(sale, 8, 'tax'),
        sign * rateFigure(sale, 0, 'total'),
        paid,
        ROUNDING_LABELS[sale.taxRounding][locale],
      ]);
    }
    if (page * EXPORT_PAGE_SIZE >= result.total) break;
  }
  return { csv: toExcelCsv(HEADERS[locale], rows, encoding), rowCount: rows.length };
}
