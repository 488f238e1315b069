import type { Executor, Tx } from '../../db/database.js';
import { nowIso } from '../../db/database.js';
import { shippingErrors } from './errors.js';
import type { ShippingSettingsInput } from './schemas.js';
import type { ShippingSettings } from './types.js';

// The sender and carrier contract codes, one row for the company. They hold no secret: the
// SMTP server is configured by environment variables, not here.

const SETTINGS_ID = 1;

export async function readShippingSettings(db: Executor): Promise<ShippingSettings | null> {
  const row = await db.selectFrom('shipping_settings').select('settings_json').where('id', '=', SETTINGS_ID).executeTakeFirst();
  return row ? (JSON.parse(row.settings_json) as ShippingSettings) : null;
}

/** Reads the settings, or raises an error telling the user to enter them, because carrier files need the sender. */
export async function requireShippingSettings(db: Executor): Promise<ShippingSettings> {
  const settings = await readShippingSettings(db);
  if (settings === null) throw shippingErrors.shipment_settings_missing({});
  return settings;
}

export async function saveShippingSettings(trx: Tx, input: ShippingSettingsInput, userId: number | null): Promise<ShippingSettings> {
  const settings: ShippingSettings = {
    sender: {
      name: input.sender.name,
      nameKana: input.sender.nameKana ?? null,
      postalCode: input.sender.postalCode,
      prefecture: input.sender.prefecture,
      address1: input.sender.address1,
      address2: input.sender.address2 ?? null,
      phone: input.sender.phone,
    },
    defaultItemName: input.defaultItemName,
    handling: input.handling,
    yamato: { customerCode: input.yamato.customerCode ?? null, classCode: input.yamato.classCode ?? null, freightNumber: input.yamato.freightNumber },
    sagawa: { customerCode: input.sagawa.customerCode ?? null },
  };
  const json = JSON.stringify(settings);
  const now = nowIso();
  await trx
    .insertInto('shipping_settings')
    .values({ id: SETTINGS_ID, settings_json: json, updated_by: userId, updated_at: now })
    .onConflict((oc) => oc.column('id').doUpdateSet({ settings_json: json, updated_by: userId, updated_at: now }))
    .execute();
  return settings;
}
