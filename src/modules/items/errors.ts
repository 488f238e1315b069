import { defineErrors } from '../../shared/errors.js';

// Errors about one field carry `details: { field }` so that forms can mark the input.

export const itemErrors = defineErrors({
  item_not_found: {
    kind: 'not_found',
    ja: (p: { value: string }) => `商品「${p.value}」が見つかりません。在庫番号を確かめるか、一覧から選び直してください。`,
    en: (p: { value: string }) => `Item "${p.value}" was not found. Check the stock number or choose the item from the list again.`,
  },
  item_code_ambiguous: {
    kind: 'conflict',
    ja: (p: { code: string; stockNumbers: string }) =>
      `JAN コード ${p.code} の商品が複数あります（在庫番号 ${p.stockNumbers}）。タグの在庫番号を読み取ってください。`,
    en: (p: { code: string; stockNumbers: string }) =>
      `Several items have the JAN code ${p.code} (stock numbers ${p.stockNumbers}). Scan the stock number on the tag instead.`,
  },
  stock_number_taken: {
    kind: 'conflict',
    ja: (p: { stockNumber: string }) =>
      `在庫番号「${p.stockNumber}」は既に別の商品で使われています。別の番号を入力するか、空欄にして自動で採番してください。`,
    en: (p: { stockNumber: string }) =>
      `Stock number "${p.stockNumber}" is already used by another item. Enter another number, or leave it blank to have one generated.`,
  },
  jan_code_taken: {
    kind: 'conflict',
    ja: (p: { janCode: string; stockNumber: string }) =>
      `JAN コード ${p.janCode} は数量管理の商品「${p.stockNumber}」で既に使われています。同じ商品なら既存の商品に入庫してください。`,
    en: (p: { janCode: string; stockNumber: string }) =>
      `JAN code ${p.janCode} is already used by the quantity-tracked item "${p.stockNumber}". If it is the same product, receive stock into that item instead.`,
  },
  source_key_taken: {
    kind: 'conflict',
    // stockNumber is absent when another transaction imported the row at the same moment.
    ja: (p: { sourceKey: string; stockNumber?: string }) =>
      `取込元の行「${p.sourceKey}」からは既に商品${p.stockNumber ? `「${p.stockNumber}」` : ''}を登録済みです。二重に登録しないよう、この行は飛ばしてください。`,
    en: (p: { sourceKey: string; stockNumber?: string }) =>
      `The source row "${p.sourceKey}" was already imported${p.stockNumber ? ` as item "${p.stockNumber}"` : ''}. Skip this row so the item is not created twice.`,
  },
  tracking_locked: {
    kind: 'conflict',
    ja: (p: { stockNumber: string }) =>
      `在庫番号 ${p.stockNumber} には入出庫の記録があるため、管理方法（1点物・数量管理）は変更できません。別の商品として登録してください。`,
    en: (p: { stockNumber: string }) =>
      `Stock number ${p.stockNumber} already has stock movements, so its tracking (unique or by quantity) cannot change. Register it as a new item instead.`,
  },
  unit_locked: {
    kind: 'conflict',
    ja: (p: { stockNumber: string }) =>
      `在庫番号 ${p.stockNumber} には入出庫の記録があるため、数量の単位は変更できません。別の商品として登録してください。`,
    en: (p: { stockNumber: string }) =>
      `Stock number ${p.stockNumber} already has stock movements, so its unit of quantity cannot change. Register it as a new item instead.`,
  },
  supplier_not_found: {
    kind: 'invalid',
    ja: (p: { supplierId: number }) => `仕入先（ID ${p.supplierId}）が見つかりません。仕入先を一覧から選び直してください。`,
    en: (p: { supplierId: number }) => `Supplier ID ${p.supplierId} was not found. Choose the supplier from the list again.`,
  },
  stock_number_pattern_invalid: {
    kind: 'invalid',
    ja: (p: { pattern: string }) =>
      `会社設定の在庫番号の書式「${p.pattern}」では採番できません。設定画面で {SEQ:桁数} を 1 つだけ含む書式（例: {YY}{MM}-{SEQ:5}）に直すか、在庫番号を入力してください。`,
    en: (p: { pattern: string }) =>
      `The stock number pattern "${p.pattern}" in the company settings cannot generate numbers. Change it to contain exactly one {SEQ:digits} (example: {YY}{MM}-{SEQ:5}), or enter the stock number.`,
  },
  stock_number_unavailable: {
    kind: 'conflict',
    ja: (p: { lastTried: string }) =>
      `自動採番で空いている在庫番号が見つかりませんでした（最後に試した番号: ${p.lastTried}）。在庫番号を入力するか、会社設定の書式を見直してください。`,
    en: (p: { lastTried: string }) =>
      `No free stock number could be generated (last tried: ${p.lastTried}). Enter the stock number, or review the pattern in the company settings.`,
  },
});
