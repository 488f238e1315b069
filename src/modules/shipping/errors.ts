import { defineErrors } from '../../shared/errors.js';

/** Names of the shipment statuses in messages, by language. */
export const SHIPMENT_STATUS_LABELS: Record<string, { ja: string; en: string }> = {
  to_ship: { ja: '出荷待ち', en: 'to ship' },
  picking: { ja: 'ピッキング中', en: 'picking' },
  packed: { ja: '梱包済み', en: 'packed' },
  shipped: { ja: '出荷済み', en: 'shipped' },
  delivered: { ja: '配達済み', en: 'delivered' },
  returned: { ja: '返品', en: 'returned' },
  cancelled: { ja: '取消', en: 'cancelled' },
};

export const shippingErrors = defineErrors({
  shipment_not_found: {
    kind: 'not_found',
    ja: (p: { id: number | string }) => `出荷（${p.id}）が見つかりません。出荷の一覧から選び直してください。`,
    en: (p: { id: number | string }) => `Shipment ${p.id} was not found. Choose it again from the shipment list.`,
  },
  shipment_status: {
    kind: 'conflict',
    ja: (p: { number: string; status: string; action: string }) => `出荷 ${p.number} は${SHIPMENT_STATUS_LABELS[p.status]?.ja ?? p.status}のため、${p.action}できません。`,
    en: (p: { number: string; status: string; actionEn: string }) => `Shipment ${p.number} is ${SHIPMENT_STATUS_LABELS[p.status]?.en ?? p.status}, so it cannot be ${p.actionEn}.`,
  },
  shipment_empty: {
    kind: 'invalid',
    ja: () => '出荷する明細がありません。注文か販売を 1 件以上選んでください。',
    en: () => 'The shipment has no lines. Choose at least one order or sale.',
  },
  shipment_order_not_shippable: {
    kind: 'conflict',
    ja: (p: { orderNumber: string; status: string }) => `注文 ${p.orderNumber} は「${p.status}」のため出荷を作れません。確認済み（発送待ち）の注文を選んでください。`,
    en: (p: { orderNumber: string; statusEn: string }) => `Order ${p.orderNumber} is ${p.statusEn}, so no shipment can be made for it. Choose a confirmed order that is waiting to ship.`,
  },
  shipment_order_not_found: {
    kind: 'not_found',
    ja: (p: { id: number }) => `注文（ID ${p.id}）が見つかりません。`,
    en: (p: { id: number }) => `Order ${p.id} was not found.`,
  },
  shipment_sale_not_found: {
    kind: 'not_found',
    ja: (p: { id: number }) => `販売（ID ${p.id}）が見つからないか、返品・取消済みです。`,
    en: (p: { id: number }) => `Sale ${p.id} was not found, or it is a return or voided.`,
  },
  shipment_line_unknown: {
    kind: 'invalid',
    ja: (p: { lineId: number; document: string }) => `明細（ID ${p.lineId}）は ${p.document} の明細ではありません。`,
    en: (p: { lineId: number; document: string }) => `Line ${p.lineId} is not a line of ${p.document}.`,
  },
  shipment_line_taken: {
    kind: 'conflict',
    ja: (p: { title: string; document: string; shipment: string }) => `${p.document} の「${p.title}」は出荷 ${p.shipment} に入っています。その出荷を取り消すか、別の明細を選んでください。`,
    en: (p: { title: string; document: string; shipment: string }) => `"${p.title}" of ${p.document} is already in shipment ${p.shipment}. Cancel that shipment or choose other lines.`,
  },
  shipment_nothing_left: {
    kind: 'conflict',
    ja: (p: { document: string }) => `${p.document} の明細はすべて出荷に入っています。`,
    en: (p: { document: string }) => `Every line of ${p.document} is already in a shipment.`,
  },
  shipment_recipients_differ: {
    kind: 'invalid',
    ja: (p: { first: string; other: string }) => `注文 ${p.first} と ${p.other} はお届け先が違うため、1 つの荷物にまとめられません。別々の出荷にしてください。`,
    en: (p: { first: string; other: string }) => `Orders ${p.first} and ${p.other} go to different addresses, so they cannot share one parcel. Make separate shipments.`,
  },
  shipment_no_address: {
    kind: 'invalid',
    ja: (p: { document: string }) => `${p.document} にお届け先の住所がありません。お届け先を入力してください。`,
    en: (p: { document: string }) => `${p.document} has no delivery address. Enter the recipient.`,
  },
  shipment_service_carrier: {
    kind: 'invalid',
    ja: (p: { service: string; carrierJa: string }) => `配送サービス「${p.service}」は${p.carrierJa}にはありません。配送会社に合うサービスを選んでください。`,
    en: (p: { service: string; carrierEn: string }) => `Service "${p.service}" is not offered by ${p.carrierEn}. Choose one of its services.`,
  },
  shipment_cod_amount_missing: {
    kind: 'invalid',
    ja: () => '代引・コレクトの出荷には代引金額（税込）を入力してください。',
    en: () => 'Enter the amount to collect (tax included) for a cash-on-delivery service.',
  },
  shipment_cod_amount_not_allowed: {
    kind: 'invalid',
    ja: () => '代引金額は代引・コレクトのサービスでだけ入力できます。サービスを代引・コレクトにするか、金額を消してください。',
    en: () => 'An amount to collect is only for cash-on-delivery services. Choose such a service or clear the amount.',
  },
  shipment_delivery_time_unsupported: {
    kind: 'invalid',
    ja: (p: { slot: string; carrierJa: string }) => `${p.carrierJa}には「${p.slot}」の時間帯がありません。別の時間帯を選ぶか、指定なしにしてください。`,
    en: (p: { slot: string; carrierEn: string }) => `${p.carrierEn} has no ${p.slot} delivery slot. Choose another slot or none.`,
  },
  shipment_tracking_taken: {
    kind: 'conflict',
    ja: (p: { number: string; shipment: string }) => `送り状番号「${p.number}」は出荷 ${p.shipment} で使われています。1 枚の送り状は 1 つの荷物の番号です。送り状を読み直してください。`,
    en: (p: { number: string; shipment: string }) => `Tracking number "${p.number}" is already on shipment ${p.shipment}. One waybill belongs to one parcel, so check the waybill again.`,
  },
  shipment_no_carrier: {
    kind: 'invalid',
    ja: (p: { number: string }) => `出荷 ${p.number} に配送会社が設定されていません。配送会社を選んでください。`,
    en: (p: { number: string }) => `Shipment ${p.number} has no carrier. Choose one.`,
  },
  shipment_carrier_file_problems: {
    kind: 'invalid',
    ja: (p: { count: number; first: string }) => `送り状データに書けない項目が ${p.count} 件あります（例: ${p.first}）。直すか、問題のある出荷を除いて出力してください。`,
    en: (p: { count: number; firstEn: string }) => `Fields that cannot be written to the carrier file: ${p.count} (for example: ${p.firstEn}). Fix them, or export without those shipments.`,
  },
  shipment_settings_missing: {
    kind: 'invalid',
    ja: () => '出荷設定（ご依頼主の住所・電話番号など）がまだありません。出荷設定の画面で登録してください。',
    en: () => 'The shipping settings (sender address, phone and so on) are not set. Enter them on the shipping settings screen.',
  },
  shipment_report_not_found: {
    kind: 'not_found',
    ja: (p: { id: number }) => `モールへの出荷報告（ID ${p.id}）が見つかりません。`,
    en: (p: { id: number }) => `Shipment report ${p.id} was not found.`,
  },
  shipment_report_not_failed: {
    kind: 'conflict',
    ja: (p: { id: number; statusJa: string }) => `出荷報告（ID ${p.id}）は「${p.statusJa}」のため、再送できません。再送できるのは失敗した報告だけです。`,
    en: (p: { id: number; statusEn: string }) => `Shipment report ${p.id} is ${p.statusEn}, so it cannot be sent again. Only a failed report can be sent again.`,
  },
  shipment_no_email: {
    kind: 'invalid',
    ja: (p: { number: string }) => `出荷 ${p.number} の購入者のメールアドレスがありません。送信先を入力してください。`,
    en: (p: { number: string }) => `Shipment ${p.number} has no buyer email address. Enter the address to send to.`,
  },
  tracking_file_unreadable: {
    kind: 'invalid',
    ja: () => '送り状番号のファイルを読めません。B2クラウド・e飛伝・ゆうプリRから出力した CSV を選んでください。',
    en: () => 'The tracking number file cannot be read. Choose a CSV exported from B2 Cloud, e飛伝 or ゆうプリR.',
  },
});
