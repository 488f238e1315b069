import { defineErrors } from '../../shared/errors.js';

export const productReportErrors = defineErrors({
  /** A ranking by margin reveals cost, so it needs the cost permission even without cost columns. */
  margin_ranking_needs_cost: {
    kind: 'forbidden',
    ja: () => '粗利での ABC 分析には「下代（原価）の閲覧」の権限が必要です。売上（basis=sales）で分析するか、管理者に権限の付与を依頼してください。',
    en: () => 'Ranking by gross margin needs the permission "View cost". Rank by sales (basis=sales) instead, or ask an administrator to grant the permission.',
  },
});
