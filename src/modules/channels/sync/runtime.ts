import type { Db } from '../../../db/database.js';
import type { ChannelKind } from '../../../db/schema.js';
import type { SecretKeyring } from '../../../shared/secrets.js';
import { AdapterRegistry, type AdapterFactory } from './adapters.js';
import { DEFAULT_ADAPTER_FACTORIES } from './factories.js';

// One adapter registry per database handle and process, shared by the routes (test
// connection, poll now, cancel an order) and the hub's runners, so that all calls to an
// account go through the same rate limiters.

const registries = new WeakMap<Db, AdapterRegistry>();
const overrides = new WeakMap<Db, Partial<Record<ChannelKind, AdapterFactory>>>();

export function adapterRegistryFor(db: Db, keys: SecretKeyring): AdapterRegistry {
  let registry = registries.get(db);
  if (!registry) {
    registry = new AdapterRegistry(db, keys, { ...DEFAULT_ADAPTER_FACTORIES, ...overrides.get(db) });
    registries.set(db, registry);
  }
  return registry;
}

/** Tests: builds adapters of these kinds with the given factories (before the first use). */
export function overrideAdapterFactories(db: Db, factories: Partial<Record<ChannelKind, AdapterFactory>>): void {
  overrides.set(db, factories);
  registries.delete(db);
}
