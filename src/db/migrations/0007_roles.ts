import type { Kysely } from 'kysely';
import { databaseKindOf } from '../dialect.js';
import { BUILTIN_ROLE_PERMISSIONS, BUILTIN_ROLES, ROLE_LABELS } from '../../modules/access/permissions.js';

// Roles carry a list of permissions; every user has one role. Existing owners become
// 'owner' and everyone else 'viewer', the least privilege, until an owner assigns more.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('roles')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name_ja', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('permissions', 'text', (c) => c.notNull())
    .addColumn('is_builtin', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  const now = new Date().toISOString();
  await db
    .insertInto('roles')
    .values(
      BUILTIN_ROLES.map((code) => ({
        code,
        name_ja: ROLE_LABELS[code].ja,
        name_en: ROLE_LABELS[code].en,
        permissions: JSON.stringify(BUILTIN_ROLE_PERMISSIONS[code]),
        is_builtin: 1,
        created_at: now,
        updated_at: now,
      })),
    )
    .execute();

  // SQLite cannot add a column with both a foreign key and a non-null default, so there
  // the service checks that the role exists; PostgreSQL also enforces it.
  const postgres = databaseKindOf(db) === 'postgres';
  await db.schema
    .alterTable('users')
    .addColumn('role_code', 'text', (c) => {
      const column = c.notNull().defaultTo('viewer');
      return postgres ? column.references('roles.code') : column;
    })
    .execute();
  await db.updateTable('users').set({ role_code: 'owner' }).where('is_owner', '=', 1).execute();
}

export async function down(): Promise<void> {
  throw new Error('The roles migration cannot be reverted; restore a backup instead.');
}
