import { defineErrors } from '../../../shared/errors.js';

// Errors of the studio's API. Errors about one input carry `details: { field }`.

export const studioErrors = defineErrors({
  photo_not_found: {
    kind: 'not_found',
    ja: (p: { id: number }) => `スタジオの写真 ${p.id} が見つかりません。一覧を読み込み直してください。`,
    en: (p: { id: number }) => `Studio photo ${p.id} was not found. Reload the list.`,
  },
  item_not_found: {
    kind: 'not_found',
    ja: (p: { id: number }) => `商品 ${p.id} が見つかりません。商品を選び直してください。`,
    en: (p: { id: number }) => `Item ${p.id} was not found. Choose the item again.`,
  },
  preset_unknown: {
    kind: 'invalid',
    ja: (p: { value: string; presets: string }) => `プリセット「${p.value}」はありません。${p.presets} のどれかを指定してください。`,
    en: (p: { value: string; presets: string }) => `There is no preset "${p.value}". Use one of ${p.presets}.`,
  },
  preset_id_mismatch: {
    kind: 'invalid',
    ja: (p: { path: string; body: string }) => `送信されたプリセットの ID「${p.body}」が URL の ID「${p.path}」と一致しません。同じ ID にするか、id を省いて送ってください。`,
    en: (p: { path: string; body: string }) => `The preset id "${p.body}" in the body does not match the id "${p.path}" in the URL. Send the same id, or leave id out.`,
  },
  shop_preset_not_found: {
    kind: 'not_found',
    ja: (p: { id: string }) => `ショップのプリセット「${p.id}」が見つかりません。プリセットの一覧を読み込み直してください。`,
    en: (p: { id: string }) => `The shop preset "${p.id}" was not found. Reload the list of presets.`,
  },
  upload_content_type: {
    kind: 'invalid',
    ja: (p: { value: string }) =>
      `送られたファイルは写真ではありません（形式: ${p.value}）。JPEG・PNG・WebP などの写真ファイルを選んでください。API から送る場合は Content-Type を image/* か application/octet-stream にしてください。`,
    en: (p: { value: string }) =>
      `The file sent is not a photo (type ${p.value}). Choose a photo file such as JPEG, PNG or WebP. From the API, send it with Content-Type image/* or application/octet-stream.`,
  },
  photo_not_ready: {
    kind: 'conflict',
    ja: (p: { id: number; status: string }) => `写真 ${p.id} はまだ仕上がっていません（状態: ${p.status}）。処理が終わってからもう一度開いてください。`,
    en: (p: { id: number; status: string }) => `Photo ${p.id} is not finished yet (status: ${p.status}). Open it again when processing is done.`,
  },
  photo_not_accepted: {
    kind: 'conflict',
    ja: (p: { id: number; status: string }) => `写真 ${p.id} は承認されていないため商品に追加できません（状態: ${p.status}）。先に承認してください。`,
    en: (p: { id: number; status: string }) => `Photo ${p.id} is not accepted (status: ${p.status}), so it cannot be added to an item. Accept it first.`,
  },
  photo_not_done: {
    kind: 'conflict',
    ja: (p: { id: number; status: string }) => `写真 ${p.id} は仕上がった状態ではないため承認できません（状態: ${p.status}）。処理が終わるのを待つか、やり直してください。`,
    en: (p: { id: number; status: string }) => `Photo ${p.id} cannot be accepted because it is not finished (status: ${p.status}). Wait for processing or redo it.`,
  },
  reorder_mismatch: {
    kind: 'invalid',
    ja: (p: { itemId: number; expected: string; received: string }) =>
      `並べ替えの写真 ID（${p.received}）が商品 ${p.itemId} の写真（${p.expected}）と一致しません。画面を読み込み直し、すべての写真を 1 回ずつ指定してください。`,
    en: (p: { itemId: number; expected: string; received: string }) =>
      `The photo ids to reorder (${p.received}) do not match the photos of item ${p.itemId} (${p.expected}). Reload the page and list every photo exactly once.`,
  },
  export_empty: {
    kind: 'not_found',
    ja: (p: { itemId: number }) => `商品 ${p.itemId} には書き出せるスタジオの写真がありません。写真を仕上げて承認してから書き出してください。`,
    en: (p: { itemId: number }) => `Item ${p.itemId} has no studio photos to export. Finish and accept its photos first.`,
  },
  job_failed: {
    kind: 'internal',
    ja: (p: { fileName: string }) => `写真「${p.fileName}」の処理中にサーバーでエラーが発生しました。やり直すか、管理者に連絡してください。`,
    en: (p: { fileName: string }) => `The server failed while processing the photo "${p.fileName}". Redo it, or contact the administrator.`,
  },
});
