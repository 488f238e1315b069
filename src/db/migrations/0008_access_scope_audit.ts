import { sql, type Kysely } from 'kysely';
import { databaseKindOf } from '../dialect.js';

// Location scoping of users, the audit trail and the store of sealed instance secrets.
// Existing users keep access to every location (all_locations = 1) so that an upgrade
// takes nobody's work away; owners narrow staff to their stores afterwards.
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = databaseKindOf(db) === 'postgres';

  await db.schema
    .alterTable('users')
    .addColumn('all_locations', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .alterTable('users')
    .addColumn('default_location_id', 'integer', (c) => c.references('locations.id'))
    .execute();
  await db.schema
    .alterTable('users')
    .addColumn('password_changed_at', 'text')
    .execute();

  await db.schema
    .createTable('user_locations')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('location_id', 'integer', (c) => c.notNull().references('locations.id'))
    .addPrimaryKeyConstraint('user_locations_pk', ['user_id', 'location_id'])
    .execute();

  // Whether staff limited to some locations may still see stock levels elsewhere, so that
  // a store can tell a customer which branch has the piece.
  await db.schema
    .alterTable('company_settings')
    .addColumn('scoped_staff_see_other_locations', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  const auditTable = db.schema.createTable('audit_events');
  await (postgres
    ? auditTable.addColumn('id', 'bigserial', (c) => c.primaryKey())
    : auditTable.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()))
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer')
    .addColumn('user_email', 'text')
    .addColumn('ip', 'text')
    .addColumn('request_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text')
    .addColumn('entity_id', 'text')
    .addColumn('location_id', 'integer')
    .addColumn('before_json', 'text')
    .addColumn('after_json', 'text')
    .addColumn('detail_json', 'text')
    .execute();
  await db.schema.createIndex('audit_events_occurred_idx').on('audit_events').column('occurred_at').execute();
  await db.schema.createIndex('audit_events_entity_idx').on('audit_events').columns(['entity_type', 'entity_id']).execute();
  await db.schema.createIndex('audit_events_user_idx').on('audit_events').columns(['user_id', 'occurred_at']).execute();
  await db.schema.createIndex('audit_events_request_idx').on('audit_events').column('request_id').execute();

  // The trail is append-only at the database level too, so no code path of the
  // application can edit or remove an event. Restoring a backup replaces the whole file.
  if (postgres) {
    await sql`
      CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit events cannot be changed or deleted';
      END;
      $$`.execute(db);
    await sql`
      CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events
      FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()`.execute(db);
  } else {
    await sql`
      CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
      BEGIN SELECT RAISE(ABORT, 'audit events cannot be changed or deleted'); END`.execute(db);
    await sql`
      CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
      BEGIN SELECT RAISE(ABORT, 'audit events cannot be changed or deleted'); END`.execute(db);
  }

  // Secrets such as channel API keys, sealed with the instance key (see shared/secrets.ts).
  await db.schema
    .createTable('instance_secrets')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('sealed_value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('The access scope and audit migration cannot be reverted; restore a backup instead.');
}
