import type { Db } from '../../../db/database.js';
import type { ChannelKind } from '../../../db/schema.js';
import { openSecret, sealSecret, type SecretKeyring } from '../../../shared/secrets.js';
import type { ChannelAdapter } from '../adapter.js';

// Builds and caches one adapter per channel account. An adapter contains the account's rate
// limiters, so it must live as long as the process does; it is rebuilt only when the
// account's settings or credentials change (not when its status or failure count does).

export interface AccountForAdapter {
  id: number;
  kind: ChannelKind;
  settings: Record<string, unknown>;
  credentials: Record<string, unknown>;
}

export interface AdapterHooks {
  /**
   * Stores changed credential fields (Yahoo's refreshed OAuth tokens) sealed. The adapter
   * that asked keeps working with them; the next get() builds a fresh one.
   */
  saveCredentials(patch: Record<string, unknown>): Promise<void>;
}

export type AdapterFactory = (account: AccountForAdapter, hooks: AdapterHooks) => ChannelAdapter;

export class AdapterRegistry {
  private readonly cache = new Map<number, { stamp: string; adapter: ChannelAdapter }>();

  constructor(
    private readonly db: Db,
    private readonly keys: SecretKeyring,
    private readonly factories: Partial<Record<ChannelKind, AdapterFactory>>,
  ) {}

  async get(accountId: number): Promise<ChannelAdapter> {
    const row = await this.db.selectFrom('channel_accounts').selectAll().where('id', '=', accountId).executeTakeFirstOrThrow();
    const cached = this.cache.get(accountId);
    const stamp = `${row.settings_json}\n${row.sealed_credentials}`;
    if (cached && cached.stamp === stamp) return cached.adapter;

    const factory = this.factories[row.kind];
    if (!factory) throw new Error(`no adapter for channel kind ${row.kind}`);
    const account: AccountForAdapter = {
      id: row.id,
      kind: row.kind,
      settings: JSON.parse(row.settings_json) as Record<string, unknown>,
      credentials: JSON.parse(openSecret(this.keys, row.sealed_credentials)) as Record<string, unknown>,
    };
    const adapter = factory(account, { saveCredentials: (patch) => this.saveCredentials(accountId, patch) });
    this.cache.set(accountId, { stamp, adapter });
    return adapter;
  }

  private async saveCredentials(accountId: number, patch: Record<string, unknown>): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('channel_accounts').select('sealed_credentials').where('id', '=', accountId).executeTakeFirstOrThrow();
      const stored = JSON.parse(openSecret(this.keys, row.sealed_credentials)) as Record<string, unknown>;
      await trx
        .updateTable('channel_accounts')
        .set({ sealed_credentials: sealSecret(this.keys, JSON.stringify({ ...stored, ...patch })) })
        .where('id', '=', accountId)
        .execute();
    });
  }
}
