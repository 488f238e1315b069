import { defineErrors } from '../../shared/errors.js';

export const demoErrors = defineErrors({
  demo_already_loaded: {
    kind: 'conflict',
    ja: (p: { items: number }) =>
      `デモデータは既に読み込まれています（商品 ${p.items} 件）。もう一度読み込むには --force を付けてください。`,
    en: (p: { items: number }) => `The demo data is already loaded (${p.items} items). Add --force to load it again.`,
  },
  database_not_empty: {
    kind: 'conflict',
    ja: (p: { items: number }) =>
      `このデータベースには既に商品が ${p.items} 件あります。実データにデモデータを混ぜないよう中止しました。空の DATA_DIR を使うか、混ぜてよければ --force を付けてください。`,
    en: (p: { items: number }) =>
      `This database already has ${p.items} items, so the demo was not loaded to keep it apart from real data. Use an empty DATA_DIR, or add --force to add it anyway.`,
  },
});
