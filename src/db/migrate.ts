import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './database.js';
import * as foundation from './migrations/0001_foundation.js';
import * as itemSearch from './migrations/0002_item_search.js';
import * as secondhandSeller from './migrations/0003_secondhand_seller.js';
import * as stockOnHandIndex from './migrations/0004_stock_on_hand_index.js';
import * as mainLocation from './migrations/0005_main_location.js';
import * as foldHiragana from './migrations/0006_fold_hiragana.js';
import * as roles from './migrations/0007_roles.js';
import * as accessScopeAudit from './migrations/0008_access_scope_audit.js';
import * as salesCustomers from './migrations/0009_sales_customers.js';
import * as channelAccounts from './migrations/0010_channel_accounts.js';
import * as channelListings from './migrations/0011_channel_listings.js';
import * as channelOrders from './migrations/0012_channel_orders.js';
import * as consignmentExhibitions from './migrations/0013_consignment_exhibitions.js';
import * as saleRefunds from './migrations/0014_sale_refunds.js';
import * as channelReturns from './migrations/0015_channel_returns.js';
import * as priceTags from './migrations/0016_price_tags.js';
import * as stocktakes from './migrations/0017_stocktakes.js';
import * as tagPrints from './migrations/0018_tag_prints.js';
import * as tagTemplates from './migrations/0019_tag_templates.js';
import * as shipments from './migrations/0020_shipments.js';
import * as analytics from './migrations/0021_analytics.js';
import * as photoStudio from './migrations/0022_photo_studio.js';
import * as photoPresets from './migrations/0023_photo_presets.js';

// Migrations are listed here in order rather than read from a folder, so they work the
// same under tsx, in a bundle and in tests. Append new ones; never edit a released one.
const MIGRATIONS: Record<string, Migration> = {
  '0001_foundation': foundation,
  '0002_item_search': itemSearch,
  '0003_secondhand_seller': secondhandSeller,
  '0004_stock_on_hand_index': stockOnHandIndex,
  '0005_main_location': mainLocation,
  '0006_fold_hiragana': foldHiragana,
  '0007_roles': roles,
  '0008_access_scope_audit': accessScopeAudit,
  '0009_sales_customers': salesCustomers,
  '0010_channel_accounts': channelAccounts,
  '0011_channel_listings': channelListings,
  '0012_channel_orders': channelOrders,
  '0013_consignment_exhibitions': consignmentExhibitions,
  '0014_sale_refunds': saleRefunds,
  '0015_channel_returns': channelReturns,
  '0016_price_tags': priceTags,
  '0017_stocktakes': stocktakes,
  '0018_tag_prints': tagPrints,
  '0019_tag_templates': tagTemplates,
  '0020_shipments': shipments,
  '0021_analytics': analytics,
  '0022_photo_studio': photoStudio,
  '0023_photo_presets': photoPresets,
};

class StaticMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return MIGRATIONS;
  }
}

export const LATEST_MIGRATION = Object.keys(MIGRATIONS).at(-1)!;

/** Applies pending migrations; returns the names applied now. Throws on the first failure. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new StaticMigrationProvider() });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Name of the newest applied migration, or null on an empty database. */
export async function currentMigration(db: Db): Promise<string | null> {
  const migrator = new Migrator({ db, provider: new StaticMigrationProvider() });
  const all = await migrator.getMigrations();
  const applied = all.filter((m) => m.executedAt !== undefined);
  return applied.at(-1)?.name ?? null;
}
