import { defineErrors } from '../../shared/errors.js';
import { ITEM_STATUS_LABELS } from '../items/attributes.js';

type ItemStatus = keyof typeof ITEM_STATUS_LABELS;

export const consignmentOutErrors = defineErrors({
  consignee_not_found: {
    kind: 'not_found',
    ja: (p: { id: number | string }) => `委託先（${p.id}）が見つかりません。委託先の一覧から選び直してください。`,
    en: (p: { id: number | string }) => `Consignee ${p.id} was not found. Choose it again from the consignee list.`,
  },
  consignee_inactive: {
    kind: 'conflict',
    ja: (p: { name: string }) => `委託先「${p.name}」は無効になっています。委託先を有効に戻すか、別の委託先を選んでください。`,
    en: (p: { name: string }) => `Consignee "${p.name}" is inactive. Make it active again or choose another consignee.`,
  },
  agreement_not_found: {
    kind: 'not_found',
    ja: (p: { id: number }) => `委託契約（ID ${p.id}）が見つかりません。契約の一覧から選び直してください。`,
    en: (p: { id: number }) => `Consignment agreement ${p.id} was not found. Choose it again from the agreement list.`,
  },
  agreement_not_usable: {
    kind: 'conflict',
    ja: (p: { number: string; consignee: string }) =>
      `委託契約 ${p.number} は委託先「${p.consignee}」の有効な契約ではありません（終了済み、開始前、または別の委託先の契約）。有効な契約を選んでください。`,
    en: (p: { number: string; consignee: string }) =>
      `Agreement ${p.number} is not an active agreement of consignee "${p.consignee}" (it has ended, has not started, or belongs to another consignee). Choose an active agreement.`,
  },
  rate_required: {
    kind: 'invalid',
    ja: () => '手数料率の条件では手数料率（%）を入力してください。',
    en: () => 'Enter the commission rate (%) for rate terms.',
  },
  item_not_found: {
    kind: 'invalid',
    ja: (p: { value: string }) => `商品「${p.value}」が見つかりません。在庫番号を確かめてください。`,
    en: (p: { value: string }) => `Item "${p.value}" was not found. Check the stock number.`,
  },
  item_not_own: {
    kind: 'invalid',
    ja: (p: { stockNumber: string }) =>
      `${p.stockNumber} は受託品（他社の所有物）のため委託に出せません。自社所有の商品だけを選んでください。`,
    en: (p: { stockNumber: string }) =>
      `${p.stockNumber} is a consigned-in piece owned by a consignor, so it cannot be sent on consignment. Choose only pieces we own.`,
  },
  item_not_unique: {
    kind: 'invalid',
    ja: (p: { stockNumber: string }) => `${p.stockNumber} は数量で管理する商品です。委託には 1 点物の商品だけを送れます。`,
    en: (p: { stockNumber: string }) => `${p.stockNumber} is tracked by quantity. Only one-of-a-kind pieces can be sent on consignment.`,
  },
  item_not_in_stock: {
    kind: 'conflict',
    ja: (p: { stockNumber: string; status: ItemStatus }) =>
      `${p.stockNumber} は在庫ではありません（状態: ${ITEM_STATUS_LABELS[p.status].ja}）。在庫にある商品を選んでください。`,
    en: (p: { stockNumber: string; status: ItemStatus }) =>
      `${p.stockNumber} is not in stock (status: ${ITEM_STATUS_LABELS[p.status].en}). Choose a piece that is in stock.`,
  },
  piece_not_at_location: {
    kind: 'conflict',
    ja: (p: { stockNumber: string; location: string }) =>
      `${p.stockNumber} は「${p.location}」に在庫がないか、注文や別の販売で確保されています。商品がある拠点を送り元に選んでください。`,
    en: (p: { stockNumber: string; location: string }) =>
      `${p.stockNumber} is not free at "${p.location}": it is elsewhere, or held for an order or another sale. Choose the location that holds it as the from location.`,
  },
  location_not_for_sending: {
    kind: 'invalid',
    ja: (p: { location: string }) => `拠点「${p.location}」からは委託に送れません。送り元には自社の店舗か倉庫を選んでください。`,
    en: (p: { location: string }) => `Pieces cannot be sent on consignment from "${p.location}". Choose one of our stores or warehouses as the from location.`,
  },
  sold_on_in_future: {
    kind: 'invalid',
    ja: (p: { stockNumber: string; soldOn: string; today: string }) =>
      `${p.stockNumber}: 販売日（${p.soldOn}）が未来の日付です。今日（${p.today}）以前の販売日を入力してください。`,
    en: (p: { stockNumber: string; soldOn: string; today: string }) =>
      `${p.stockNumber}: the sale date ${p.soldOn} is in the future. Enter today (${p.today}) or an earlier date.`,
  },
  sold_on_after_report: {
    kind: 'invalid',
    ja: (p: { stockNumber: string; soldOn: string; reportedOn: string }) =>
      `${p.stockNumber}: 販売日（${p.soldOn}）が報告日（${p.reportedOn}）より後です。報告日以前の販売日にするか、報告日を直してください。`,
    en: (p: { stockNumber: string; soldOn: string; reportedOn: string }) =>
      `${p.stockNumber}: the sale date ${p.soldOn} is after the report date ${p.reportedOn}. Enter a sale date on or before the report date, or correct the report date.`,
  },
  sold_on_before_sent: {
    kind: 'invalid',
    ja: (p: { stockNumber: string; soldOn: string; sentOn: string; noteNumber: string }) =>
      `${p.stockNumber}: 販売日（${p.soldOn}）が委託伝票 ${p.noteNumber} の送付日（${p.sentOn}）より前です。送付日以降の販売日を入力してください。`,
    en: (p: { stockNumber: string; soldOn: string; sentOn: string; noteNumber: string }) =>
      `${p.stockNumber}: the sale date ${p.soldOn} is before delivery note ${p.noteNumber} sent it on ${p.sentOn}. Enter a sale date on or after the sending date.`,
  },
  duplicate_piece: {
    kind: 'invalid',
    ja: (p: { stockNumber: string }) => `${p.stockNumber} が 2 回入力されています。1 行にまとめてください。`,
    en: (p: { stockNumber: string }) => `${p.stockNumber} is entered twice. Keep one line for it.`,
  },
  net_amount_required: {
    kind: 'invalid',
    ja: (p: { stockNumber: string }) => `${p.stockNumber}: 掛率（仕切り）条件の契約では、商品ごとに仕切り金額（円）を入力してください。`,
    en: (p: { stockNumber: string }) => `${p.stockNumber}: the agreement has net terms, so enter the net amount (yen) for each piece.`,
  },
  piece_not_out: {
    kind: 'conflict',
    ja: (p: { stockNumber: string; consignee: string }) =>
      `${p.stockNumber} は委託先「${p.consignee}」に預けている商品ではありません（報告済み、または別の委託先）。委託中の一覧で確かめてください。`,
    en: (p: { stockNumber: string; consignee: string }) =>
      `${p.stockNumber} is not out at consignee "${p.consignee}" (it was already reported, or is at another consignee). Check the aging list.`,
  },
  file_already_imported: {
    kind: 'conflict',
    ja: (p: { number: string }) => `このファイルは既に取り込まれています（販売報告 ${p.number}）。同じファイルを 2 回取り込むことはできません。`,
    en: (p: { number: string }) => `This file was already imported (report ${p.number}). The same file cannot be imported twice.`,
  },
  report_has_errors: {
    kind: 'invalid',
    ja: (p: { count: number }) => `取り込めない行が ${p.count} 件あります。行ごとの内容を直してから、もう一度取り込んでください。`,
    en: (p: { count: number }) => `${p.count} rows cannot be imported. Fix each listed row, then import the file again.`,
  },
  csv_missing_columns: {
    kind: 'invalid',
    ja: (p: { columns: string }) => `CSV の 1 行目に必要な列がありません: ${p.columns}。見出しを「在庫番号,区分,販売日,販売価格（税込）」にしてください。`,
    en: (p: { columns: string }) =>
      `The CSV header row lacks required columns: ${p.columns}. Use the header "在庫番号,区分,販売日,販売価格（税込）" or "stock_number,outcome,sold_on,sale_price".`,
  },
  csv_empty: {
    kind: 'invalid',
    ja: () => 'CSV にデータの行がありません。1 行目の見出しの下に、商品ごとに 1 行ずつ入力してください。',
    en: () => 'The CSV has no data rows. Below the header row, enter one row per piece.',
  },
  csv_unreadable: {
    kind: 'invalid',
    ja: (p: { reason: string }) => `CSV を読み取れません（${p.reason}）。Excel で CSV 形式として保存し直してください。`,
    en: (p: { reason: string }) => `The CSV could not be read (${p.reason}). Save it again as CSV from Excel.`,
  },
  note_not_found: {
    kind: 'not_found',
    ja: (p: { id: number }) => `委託伝票（ID ${p.id}）が見つかりません。委託伝票の一覧から選び直してください。`,
    en: (p: { id: number }) => `Delivery note ${p.id} was not found. Choose it again from the delivery note list.`,
  },
  report_not_found: {
    kind: 'not_found',
    ja: (p: { id: number }) => `販売報告（ID ${p.id}）が見つかりません。販売報告の一覧から選び直してください。`,
    en: (p: { id: number }) => `Consignee report ${p.id} was not found. Choose it again from the report list.`,
  },
});
