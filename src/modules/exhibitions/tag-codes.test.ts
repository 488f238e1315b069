import { expect, it } from 'vitest';
import { signIn, useSignedInApp, type ApiClient } from '../../../test/helpers/app.js';
import { describeEachDatabase } from '../../../test/helpers/database.js';
import { createTestLocation, quantityAt, receiveTestItem, uniqueCode } from '../../../test/helpers/factories.js';
import type { Db } from '../../db/database.js';
import type { Location } from '../../db/schema.js';
import { businessDate } from '../../shared/time.js';

// Stock numbers as staff type them: in lower case, in full width with the Japanese input
// mode on, or with the long-vowel mark an IME types for "-". The counter scan, the
// exhibition scans and the item lookup all find the upper-case stock number.

/** Returns `text` in lower case and in full-width characters, as a Japanese IME types it. */
function fullWidthLowerCase(text: string): string {
  return [...text.toLowerCase()].map((char) => String.fromCharCode(char.charCodeAt(0) + 0xfee0)).join('');
}

function scan(client: ApiClient, code: string, registerId: number) {
  return client.get(`/api/sales/scan?${new URLSearchParams({ code, registerId: String(registerId) })}`);
}

async function firstRegister(db: Db, location: Location): Promise<number> {
  const register = await db.selectFrom('registers').select('id').where('location_id', '=', location.id).orderBy('id').executeTakeFirstOrThrow();
  return register.id;
}

describeEachDatabase('tag codes typed in lower case', (database) => {
  const signedIn = useSignedInApp(database, 'ja');
  const api = () => signedIn.api();

  it('folds full-width lower case', () => {
    expect(fullWidthLowerCase('OWN-4')).toBe('ｏｗｎ－４');
  });

  it('scans a lower-case code at the counter', async () => {
    const db = database().db;
    const store = await createTestLocation(db);
    const stockNumber = `MD-${uniqueCode('X')}`;
    const piece = await receiveTestItem(db, { locationId: store.id, stockNumber });
    const registerId = await firstRegister(db, store);

    const typed = [fullWidthLowerCase(stockNumber), stockNumber.toLowerCase(), stockNumber.toLowerCase().replace('-', 'ー')];
    for (const code of typed) {
      const scanned = await scan(api(), code, registerId);
      expect(scanned.statusCode, `${code}: ${scanned.body}`).toBe(200);
      expect(scanned.json().itemId, code).toBe(piece.id);
    }
  });

  it('carries out and checks in a lower-case code', async () => {
    const db = database().db;
    const store = await createTestLocation(db);
    const [first, second] = [
      await receiveTestItem(db, { locationId: store.id, stockNumber: `OWN-${uniqueCode('A')}` }),
      await receiveTestItem(db, { locationId: store.id, stockNumber: `OWN-${uniqueCode('B')}` }),
    ];
    const created = await api().post('/api/exhibitions', { name: '冬の展示会', startsOn: businessDate(), endsOn: businessDate(), homeLocationId: store.id });
    expect(created.statusCode, created.body).toBe(201);
    const exhibition = created.json() as { id: number; locationId: number };

    const carried = await api().post(`/api/exhibitions/${exhibition.id}/carry-out`, { fromLocationId: store.id, code: fullWidthLowerCase(first!.stock_number) });
    expect(carried.statusCode, carried.body).toBe(200);
    expect(carried.json()).toMatchObject({ result: 'carried_out', line: { itemId: first!.id, stockNumber: first!.stock_number } });
    expect(await quantityAt(db, first!.id, exhibition.locationId)).toBe(1);

    const bulk = await api().post(`/api/exhibitions/${exhibition.id}/carry-out/bulk`, { fromLocationId: store.id, codes: [second!.stock_number.toLowerCase()] });
    expect(bulk.statusCode, bulk.body).toBe(200);
    expect(bulk.json().results[0]).toMatchObject({ result: 'carried_out', line: { itemId: second!.id } });

    const checkedIn = await api().post(`/api/exhibitions/${exhibition.id}/check-in`, { code: fullWidthLowerCase(first!.stock_number) });
    expect(checkedIn.statusCode, checkedIn.body).toBe(200);
    expect(checkedIn.json()).toMatchObject({ result: 'checked_in', line: { itemId: first!.id } });
    expect(await quantityAt(db, first!.id, store.id)).toBe(1);
  });

  it('prefers the exact stock number', async () => {
    const db = database().db;
    const store = await createTestLocation(db);
    const upper = await receiveTestItem(db, { locationId: store.id, stockNumber: `CASE-${uniqueCode('U')}` });
    const lower = await receiveTestItem(db, { locationId: store.id, stockNumber: upper.stock_number.toLowerCase() });
    const registerId = await firstRegister(db, store);

    const typedLower = await scan(api(), fullWidthLowerCase(upper.stock_number), registerId);
    expect(typedLower.json().itemId).toBe(lower.id);
    const typedUpper = await scan(api(), upper.stock_number, registerId);
    expect(typedUpper.json().itemId).toBe(upper.id);

    // A mixed-case code has no exact match, so its upper-case form is found.
    const mixed = `${upper.stock_number.slice(0, 1).toLowerCase()}${upper.stock_number.slice(1)}`;
    const lookedUp = await api().get(`/api/items/lookup?${new URLSearchParams({ code: mixed })}`);
    expect(lookedUp.statusCode, lookedUp.body).toBe(200);
    expect(lookedUp.json().id).toBe(upper.id);
  });

  it('finds a lower-case code by item lookup', async () => {
    const db = database().db;
    const store = await createTestLocation(db);
    const piece = await receiveTestItem(db, { locationId: store.id, stockNumber: `LK-${uniqueCode('L')}` });

    const lookedUp = await api().get(`/api/items/lookup?${new URLSearchParams({ code: fullWidthLowerCase(piece.stock_number) })}`);
    expect(lookedUp.statusCode, lookedUp.body).toBe(200);
    expect(lookedUp.json().id).toBe(piece.id);
  });

  it('names the folded code when nothing matches', async () => {
    const db = database().db;
    const store = await createTestLocation(db);
    const registerId = await firstRegister(db, store);
    const code = `NONE-${uniqueCode('N')}`;

    const scanned = await scan(api(), fullWidthLowerCase(code), registerId);
    expect(scanned.statusCode).toBe(404);
    expect(scanned.json().error.code).toBe('item_code_not_found');
    expect(scanned.json().error.message).toContain(`「${code.toLowerCase()}」`);

    const english = await signIn(signedIn.app(), database(), 'en');
    const inEnglish = await scan(english, fullWidthLowerCase(code), registerId);
    expect(inEnglish.json().error.message).toContain(`"${code.toLowerCase()}"`);
  });
});
