import { sql, type Kysely } from 'kysely';
import { databaseKindOf } from '../dialect.js';

// Indexes for the item search (src/modules/items/search.ts).
//
// Free text is matched as substrings of items.search_text, and LIKE '%word%' cannot use a
// B-tree, so each database gets a trigram index:
// - SQLite: a contentless FTS5 table with the trigram tokenizer (contentless_delete needs
//   SQLite 3.43 or later), kept in step with items.search_text by triggers, and an
//   fts5vocab table that lists its trigrams. The indexed text is search_text followed by two
//   spaces, so every character of it starts a trigram: a word of 1 or 2 characters is then
//   found through the trigrams that begin with it. Case folding is left to the application
//   (foldForSearch), hence case_sensitive 1.
// - PostgreSQL: a GIN index with pg_trgm's gin_trgm_ops, which LIKE '%word%' uses for words
//   of 3 or more characters. When the server does not offer pg_trgm, the index is left out
//   and the same LIKE query scans the table instead.
// Stock number prefixes need text_pattern_ops on PostgreSQL so that LIKE 'prefix%' can use
// an index under any collation; SQLite compares by range on the existing unique index.

export async function up(db: Kysely<any>): Promise<void> {
  const kind = databaseKindOf(db);

  await db.schema.createIndex('items_name_idx').on('items').column('name').execute();

  if (kind === 'sqlite') {
    await sql`
      create virtual table items_search using fts5(
        search_text, content = '', contentless_delete = 1, tokenize = 'trigram case_sensitive 1'
      )`.execute(db);
    await sql`create virtual table items_search_terms using fts5vocab(items_search, 'row')`.execute(db);
    await sql`
      create trigger items_search_insert after insert on items begin
        insert into items_search (rowid, search_text) values (new.id, new.search_text || '  ');
      end`.execute(db);
    await sql`
      create trigger items_search_delete after delete on items begin
        delete from items_search where rowid = old.id;
      end`.execute(db);
    await sql`
      create trigger items_search_update after update of search_text on items begin
        delete from items_search where rowid = old.id;
        insert into items_search (rowid, search_text) values (new.id, new.search_text || '  ');
      end`.execute(db);
    await sql`insert into items_search (rowid, search_text) select id, search_text || '  ' from items`.execute(db);
    return;
  }

  await sql`create index items_stock_number_pattern_idx on items (stock_number text_pattern_ops)`.execute(db);

  const available = await sql<{ name: string }>`
    select name from pg_available_extensions where name = 'pg_trgm'`.execute(db);
  if (available.rows.length > 0) {
    await sql`create extension if not exists pg_trgm`.execute(db);
    await sql`create index items_search_text_trgm_idx on items using gin (search_text gin_trgm_ops)`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  const kind = databaseKindOf(db);

  if (kind === 'sqlite') {
    await sql`drop trigger if exists items_search_update`.execute(db);
    await sql`drop trigger if exists items_search_delete`.execute(db);
    await sql`drop trigger if exists items_search_insert`.execute(db);
    await sql`drop table if exists items_search_terms`.execute(db);
    await sql`drop table if exists items_search`.execute(db);
  } else {
    await sql`drop index if exists items_search_text_trgm_idx`.execute(db);
    await sql`drop index if exists items_stock_number_pattern_idx`.execute(db);
  }

  await db.schema.dropIndex('items_name_idx').ifExists().execute();
}
