import { defineErrors } from '../../shared/errors.js';

// Errors of the analytics module. Errors about one input carry `details: { field }` (a path
// such as "targets.3.scopeRef") so that the target grid can mark the cell.

export const analyticsErrors = defineErrors({
  target_location_unknown: {
    kind: 'invalid',
    ja: (p: { row: number; value: string }) => `${p.row} 行目: 拠点「${p.value}」が見つかりません。有効な店舗・催事・委託先・倉庫の拠点を選んでください。`,
    en: (p: { row: number; value: string }) => `Row ${p.row}: location "${p.value}" was not found. Choose an active store, exhibition, partner shop or warehouse.`,
  },
  target_channel_unknown: {
    kind: 'invalid',
    ja: (p: { row: number; value: string; channels: string }) => `${p.row} 行目: チャネル「${p.value}」はありません。${p.channels} のどれかを指定してください。`,
    en: (p: { row: number; value: string; channels: string }) => `Row ${p.row}: there is no channel "${p.value}". Use one of ${p.channels}.`,
  },
  target_staff_unknown: {
    kind: 'invalid',
    ja: (p: { row: number; value: string }) => `${p.row} 行目: 担当者「${p.value}」が見つかりません。販売権限のある有効なユーザーを選んでください。`,
    en: (p: { row: number; value: string }) => `Row ${p.row}: staff member "${p.value}" was not found. Choose an active user who may sell.`,
  },
  target_company_ref: {
    kind: 'invalid',
    ja: (p: { row: number }) => `${p.row} 行目: 全社の目標には拠点などの指定は不要です。空欄にしてください。`,
    en: (p: { row: number }) => `Row ${p.row}: a company target takes no location, channel or staff member. Leave it empty.`,
  },
  target_duplicate: {
    kind: 'invalid',
    ja: (p: { row: number; first: number }) => `${p.row} 行目: ${p.first} 行目と同じ目標です。どちらか 1 行にしてください。`,
    en: (p: { row: number; first: number }) => `Row ${p.row}: this is the same target as row ${p.first}. Keep only one of the two rows.`,
  },
  target_import_invalid: {
    kind: 'invalid',
    ja: (p: { count: number }) => `目標の CSV に誤りが ${p.count} 件あります。行ごとの内容を直してから、もう一度取り込んでください。何も保存していません。`,
    en: (p: { count: number }) => `The target CSV has ${p.count} errors. Correct the rows listed and import it again. Nothing was saved.`,
  },
  target_csv_header: {
    kind: 'invalid',
    ja: (p: { missing: string }) => `CSV の 1 行目に列 ${p.missing} がありません。ひな形（month,scope,code,name,amount）を使ってください。`,
    en: (p: { missing: string }) => `The first line of the CSV lacks the column ${p.missing}. Use the template (month,scope,code,name,amount).`,
  },
  target_csv_unreadable: {
    kind: 'invalid',
    ja: (p: { reason: string }) => `CSV を読み取れません（${p.reason}）。ひな形を Excel で開いて保存し直してください。`,
    en: (p: { reason: string }) => `The CSV cannot be read (${p.reason}). Open the template in Excel and save it again.`,
  },
  dashboard_table_unknown: {
    kind: 'invalid',
    ja: (p: { value: string; tables: string }) => `ダッシュボードの表「${p.value}」はありません。${p.tables} のどれかを指定してください。`,
    en: (p: { value: string; tables: string }) => `The dashboard has no table "${p.value}". Use one of ${p.tables}.`,
  },
});
