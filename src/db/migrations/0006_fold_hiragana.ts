import type { Kysely } from 'kysely';
import { foldForSearch } from '../../shared/text.js';

/** Rows updated per statement batch. */
const BATCH = 1000;

// Item search now folds hiragana into katakana. Re-folding the stored search text gives
// the same result as folding the item's fields afresh, because the folding steps before
// it are unchanged; on SQLite the search triggers refresh the trigram index.
export async function up(db: Kysely<any>): Promise<void> {
  let afterId = 0;
  for (;;) {
    const rows: Array<{ id: number; search_text: string }> = await db
      .selectFrom('items')
      .select(['id', 'search_text'])
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(BATCH)
      .execute();
    if (rows.length === 0) return;

    for (const row of rows) {
      const folded = foldForSearch(row.search_text);
      if (folded !== row.search_text) {
        await db.updateTable('items').set({ search_text: folded }).where('id', '=', row.id).execute();
      }
    }
    afterId = rows.at(-1)!.id;
  }
}

export async function down(): Promise<void> {
  // Katakana search text still finds everything it found before.
}
