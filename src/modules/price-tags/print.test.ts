import { expect, it } from 'vitest';
import { signIn, useSignedInApp, type ApiClient } from '../../../test/helpers/app.js';
import { describeEachDatabase } from '../../../test/helpers/database.js';
import { createTestLocation, createTestSupplier, receiveTestItem } from '../../../test/helpers/factories.js';
import type { Db } from '../../db/database.js';
import type { Item } from '../../db/schema.js';
import { cliAuditActor } from '../../cli/context.js';
import { loadTagItems, recordTagPrint } from './service.js';
import { inStoreJan } from './barcodes.js';
import { mmToPoints } from './templates.js';

// Printing tags from the screens, the print record and the reprint list, on both databases.

const ringAttributes = { name: 'Test ring K18', category: 'ring', metal: 'K18', cost: 50_000 } as const;

function mediaBoxes(bytes: Buffer): number[][] {
  return [...bytes.toString('latin1').matchAll(/\/MediaBox \[([^\]]+)\]/g)].map((match) => match[1]!.trim().split(/\s+/).map(Number));
}

async function printEvents(db: Db, itemId: number) {
  const rows = await db
    .selectFrom('audit_events')
    .select(['detail_json', 'user_id'])
    .where('action', '=', 'price_tag.print')
    .where('entity_type', '=', 'item')
    .where('entity_id', '=', String(itemId))
    .orderBy('id')
    .execute();
  return rows.map((row) => ({ userId: row.user_id, detail: JSON.parse(row.detail_json!) as Record<string, unknown> }));
}

async function setCostCipher(db: Db, cipher: string | null): Promise<void> {
  await db.updateTable('company_settings').set({ cost_cipher: cipher }).where('id', '=', 1).execute();
}

describeEachDatabase('price tag printing', (database) => {
  const signedIn = useSignedInApp(database, 'ja');
  const api = () => signedIn.api();

  async function stockedRing(retailPrice = 132_000): Promise<Item> {
    const store = await createTestLocation(database().db);
    return receiveTestItem(database().db, { locationId: store.id, ...ringAttributes, retailPrice });
  }

  async function print(client: ApiClient, body: Record<string, unknown>) {
    const response = await client.post('/api/price-tags/print', body);
    return { response, bytes: response.rawPayload };
  }

  it('prints a PDF at the template size', async () => {
    const ring = await stockedRing();
    const other = await stockedRing();

    const { response, bytes } = await print(api(), { template: 'small-30x20', format: 'pdf', stockNumbers: [ring.stock_number, other.stock_number] });

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="price-tags-\d{4}-\d{2}-\d{2}-small-30x20\.pdf"$/);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const boxes = mediaBoxes(bytes);
    expect(boxes).toHaveLength(2);
    for (const box of boxes) {
      expect(box[2]).toBeCloseTo(mmToPoints(30), 3);
      expect(box[3]).toBeCloseTo(mmToPoints(20), 3);
    }
  });

  it('prints ZPL with an EAN-13 barcode', async () => {
    const ring = await stockedRing();

    const { response, bytes } = await print(api(), { template: 'zebra-300-50x25', format: 'zpl', barcodeKind: 'ean13', stockNumbers: [ring.stock_number] });

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(/\.zpl"$/);
    const zpl = bytes.toString('utf8');
    expect(zpl.startsWith('^XA')).toBe(true);
    expect(zpl).toContain(`^BEN,`);
    expect(zpl).toContain(ring.stock_number);
  });

  it('refuses a QR code too small to read', async () => {
    const ring = await stockedRing();

    const { response } = await print(api(), { template: 'zebra-203-50x25', format: 'pdf', barcodeKind: 'qr', stockNumbers: [ring.stock_number] });

    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('barcode_too_wide');
  });

  it('gives each piece its own in-store JAN that the lookup finds', async () => {
    const ring = await stockedRing();
    const other = await stockedRing();

    const { bytes } = await print(api(), { template: 'zebra-203-50x25', format: 'zpl', barcodeKind: 'ean13', stockNumbers: [ring.stock_number, other.stock_number] });

    const codes = [...bytes.toString('utf8').matchAll(/\^BEN,\d+,N,N\^FD(\d{12})\^FS/g)].map((match) => match[1]!);
    expect(codes).toEqual([`20${String(ring.id).padStart(10, '0')}`, `20${String(other.id).padStart(10, '0')}`]);
    const jan = inStoreJan(20, ring.id);
    const lookup = await api().get(`/api/items/lookup?code=${jan}`);
    expect(lookup.statusCode).toBe(200);
    expect(lookup.json()).toMatchObject({ stockNumber: ring.stock_number });
  });

  it('folds full-width and lower-case stock numbers', async () => {
    const ring = await stockedRing();
    const typed = ring.stock_number.toLowerCase().replace(/[0-9a-z-]/g, (char) => String.fromCharCode(char.charCodeAt(0) + 0xfee0));

    const { response } = await print(api(), { template: 'a4-65', format: 'pdf', stockNumbers: [typed, ring.stock_number] });

    expect(response.statusCode).toBe(200);
    expect(await printEvents(database().db, ring.id)).toHaveLength(1);
  });

  it('checks the ZPL font and keeps sheets to PDF', async () => {
    const ring = await stockedRing();

    const font = await print(api(), { template: 'zebra-203-50x25', format: 'zpl', zplFont: 'E:NO^TO.TTF', stockNumbers: [ring.stock_number] });
    const sheet = await print(api(), { template: 'a4-40', format: 'zpl', stockNumbers: [ring.stock_number] });
    const japanese = await print(api(), { template: 'zebra-203-50x25', format: 'zpl', zplFont: 'e:notojp.ttf', stockNumbers: [ring.stock_number] });

    expect(font.response.json().error.code).toBe('invalid_zpl_font');
    expect(sheet.response.json().error.code).toBe('zpl_for_sheet');
    expect(japanese.bytes.toString('utf8')).toContain(',E:NOTOJP.TTF^FH^FD');
  });

  it('prints a purchase only for users who receive purchases', async () => {
    const ring = await stockedRing();
    const seller = await signIn(signedIn.app(), database(), 'ja', { role: 'sales' });
    const purchaseId = (await database().db.selectFrom('purchase_lines').select('purchase_id').where('item_id', '=', ring.id).executeTakeFirst())?.purchase_id ?? 1;

    const { response } = await print(seller, { template: 'a4-40', format: 'pdf', purchaseId });

    expect(response.statusCode).toBe(403);
  });

  it('records each print as a reprint after the first', async () => {
    const ring = await stockedRing(132_000);
    const body = { template: 'a4-65', format: 'pdf', stockNumbers: [ring.stock_number] };

    expect((await print(api(), body)).response.statusCode).toBe(200);
    expect((await print(api(), body)).response.statusCode).toBe(200);

    const events = await printEvents(database().db, ring.id);
    expect(events).toHaveLength(2);
    expect(events[0]!.detail).toMatchObject({
      stockNumber: ring.stock_number,
      priceIncludingTax: 132_000,
      template: 'a4-65',
      format: 'pdf',
      source: 'screen',
      reprint: false,
    });
    expect(events[1]!.detail.reprint).toBe(true);
    expect(events[1]!.userId).toBe(api().userId);

    const record = await database().db.selectFrom('item_tag_prints').selectAll().where('item_id', '=', ring.id).executeTakeFirstOrThrow();
    expect(Number(record.price_including_tax)).toBe(132_000);
    expect(record.template).toBe('a4-65');
    expect(Number(record.printed_by)).toBe(api().userId);
  });

  it('records a command-line print too', async () => {
    const db = database().db;
    const ring = await stockedRing(132_000);
    const items = await loadTagItems(db, [ring.stock_number]);

    await db.transaction().execute((trx) => recordTagPrint(trx, cliAuditActor(), items, { templateName: 'a4-40', format: 'zpl', destination: 'tags.zpl', source: 'cli' }));
    await db.updateTable('items').set({ retail_price: 99_000 }).where('id', '=', ring.id).execute();

    const record = await db.selectFrom('item_tag_prints').selectAll().where('item_id', '=', ring.id).executeTakeFirstOrThrow();
    expect(record.printed_by).toBeNull();
    expect(record.template).toBe('a4-40');
    const rows = (await api().get('/api/price-tags/reprints?pageSize=200')).json().items as Array<Record<string, unknown>>;
    expect(rows.find((row) => row.stockNumber === ring.stock_number)).toMatchObject({ printedPriceIncludingTax: 132_000, currentPriceIncludingTax: 99_000 });
  });

  it('prints the cost code only for users who see cost', async () => {
    // 50,000 yen with B = 0, L = 1, A = 2, C = 3, K = 4, H = 5 gives "HBBBB".
    await setCostCipher(database().db, 'BLACKHORSE');
    const ring = await stockedRing();
    const body = { template: 'small-30x20', format: 'zpl', stockNumbers: [ring.stock_number] };
    const seller = await signIn(signedIn.app(), database(), 'ja', { role: 'sales' });

    try {
      const owners = await print(api(), body);
      const sellers = await print(seller, body);

      expect(owners.bytes.toString('utf8')).toContain('HBBBB');
      expect(sellers.response.statusCode).toBe(200);
      expect(sellers.bytes.toString('utf8')).not.toContain('HBBBB');
      expect(sellers.bytes.toString('utf8')).toContain(ring.stock_number);
    } finally {
      await setCostCipher(database().db, null);
    }
  });

  it('names unknown stock numbers', async () => {
    const ring = await stockedRing();

    const { response } = await print(api(), { template: 'a4-40', format: 'pdf', stockNumbers: [ring.stock_number, 'NO-SUCH-1', 'NO-SUCH-2'] });

    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('unknown_items');
    expect(response.json().error.message).toContain('NO-SUCH-1, NO-SUCH-2');
    expect(await printEvents(database().db, ring.id)).toEqual([]);
  });

  it('rejects a body with both or neither source', async () => {
    const neither = await print(api(), { template: 'a4-40', format: 'pdf' });
    const both = await print(api(), { template: 'a4-40', format: 'pdf', stockNumbers: ['X'], purchaseId: 1 });
    const empty = await print(api(), { template: 'a4-40', format: 'pdf', stockNumbers: [] });
    const format = await print(api(), { template: 'a4-40', format: 'png', stockNumbers: ['X'] });

    expect(neither.response.statusCode).toBe(400);
    expect(both.response.statusCode).toBe(400);
    expect(empty.response.json().error.details.fields[0].field).toBe('stockNumbers');
    expect(format.response.json().error.details.fields[0].field).toBe('format');
  });

  it('rejects an unknown template', async () => {
    const ring = await stockedRing();

    const { response } = await print(api(), { template: 'a4-99', format: 'pdf', stockNumbers: [ring.stock_number] });

    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('unknown_template');
  });

  it('prints every piece of a purchase', async () => {
    const supplier = await createTestSupplier(database().db);
    const store = await createTestLocation(database().db);
    const purchase = (
      await api().post('/api/purchases', {
        supplierId: supplier.id,
        locationId: store.id,
        purchasedOn: '2026-11-20',
        lines: [
          { item: { name: 'Pt900 ダイヤリング', category: 'ring', metal: 'PT900', cost: 0, retailPrice: 198_000 }, quantity: 1, unitCost: 60_000 },
          { item: { name: 'K18 ネックレス', category: 'necklace', metal: 'K18', cost: 0, retailPrice: 88_000 }, quantity: 1, unitCost: 30_000 },
        ],
      })
    ).json() as { id: number; number: string; lines: Array<{ itemId: number; item: { stockNumber: string } }> };

    const { response, bytes } = await print(api(), { template: 'zebra-300-50x25', format: 'zpl', purchaseId: purchase.id });

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toBe(`attachment; filename="price-tags-${purchase.number}-zebra-300-50x25.zpl"`);
    const zpl = bytes.toString('utf8');
    expect(zpl.match(/\^XA/g)).toHaveLength(2);
    for (const line of purchase.lines) {
      expect(zpl).toContain(line.item.stockNumber);
      expect(await printEvents(database().db, line.itemId)).toHaveLength(1);
    }

    const missing = await print(api(), { template: 'zebra-300-50x25', format: 'zpl', purchaseId: 999_999 });
    expect(missing.response.statusCode).toBe(404);
    expect(missing.response.json().error.code).toBe('purchase_not_found');
  });

  it('lists a repriced piece until its tag is reprinted', async () => {
    const ring = await stockedRing(132_000);
    const body = { template: 'small-30x20', format: 'pdf', stockNumbers: [ring.stock_number] };
    await print(api(), body);
    const reprints = async () => (await api().get('/api/price-tags/reprints?pageSize=200')).json().items as Array<Record<string, unknown>>;

    expect((await reprints()).map((row) => row.stockNumber)).not.toContain(ring.stock_number);
    expect((await api().get(`/api/price-tags/items/${ring.id}`)).json()).toMatchObject({ stale: false, currentPriceIncludingTax: 132_000 });

    const edited = await api().put(`/api/items/${ring.id}`, { ...ringAttributes, retailPrice: 150_000 });
    expect(edited.statusCode).toBe(200);

    const listed = (await reprints()).find((row) => row.stockNumber === ring.stock_number);
    expect(listed).toMatchObject({
      itemId: ring.id,
      name: ring.name,
      printedPriceIncludingTax: 132_000,
      currentPriceIncludingTax: 150_000,
    });
    expect(listed?.location).toMatch(/^Test location /);
    const status = (await api().get(`/api/price-tags/items/${ring.id}`)).json();
    expect(status).toMatchObject({ stale: true, currentPriceIncludingTax: 150_000, lastPrint: { priceIncludingTax: 132_000, template: 'small-30x20' } });

    await print(api(), body);

    expect((await reprints()).map((row) => row.stockNumber)).not.toContain(ring.stock_number);
    expect((await api().get(`/api/price-tags/items/${ring.id}`)).json().stale).toBe(false);
  });

  it('lists a piece whose tax-excluded price changes with the rounding', async () => {
    const db = database().db;
    await db.updateTable('company_settings').set({ tax_rounding: 'down' }).where('id', '=', 1).execute();
    // 10,005 yen before tax is 11,005.5 with tax: 11,005 rounded down, 11,006 half up.
    const store = await createTestLocation(db);
    const ring = await receiveTestItem(db, { locationId: store.id, ...ringAttributes, retailPrice: 10_005, priceBasis: 'excluded' as const, taxRatePercent: 10 });
    await print(api(), { template: 'small-30x20', format: 'pdf', stockNumbers: [ring.stock_number] });

    try {
      await db.updateTable('company_settings').set({ tax_rounding: 'half_up' }).where('id', '=', 1).execute();
      const rows = (await api().get('/api/price-tags/reprints?pageSize=200')).json().items as Array<Record<string, unknown>>;

      expect(rows.find((row) => row.stockNumber === ring.stock_number)).toMatchObject({ printedPriceIncludingTax: 11_005, currentPriceIncludingTax: 11_006 });
    } finally {
      await db.updateTable('company_settings').set({ tax_rounding: 'down' }).where('id', '=', 1).execute();
    }
  });

  it('leaves sold-out pieces off the reprint list', async () => {
    const db = database().db;
    const ring = await stockedRing(132_000);
    await print(api(), { template: 'small-30x20', format: 'pdf', stockNumbers: [ring.stock_number] });
    await db.updateTable('items').set({ retail_price: 140_000 }).where('id', '=', ring.id).execute();
    await db.updateTable('stock_balances').set({ quantity: 0 }).where('item_id', '=', ring.id).execute();

    const rows = (await api().get('/api/price-tags/reprints?pageSize=200')).json().items as Array<Record<string, unknown>>;

    expect(rows.map((row) => row.stockNumber)).not.toContain(ring.stock_number);
  });

  it('rejects a signed-out print', async () => {
    const response = await signedIn.app().inject({ method: 'POST', url: '/api/price-tags/print', payload: { template: 'a4-40', format: 'pdf', stockNumbers: ['X'] } });
    expect(response.statusCode).toBe(401);
  });
});

describeEachDatabase('cost cipher setting', (database) => {
  const signedIn = useSignedInApp(database, 'ja');
  const api = () => signedIn.api();

  const settings = {
    name: '株式会社つなぐ宝飾',
    taxRounding: 'down',
    defaultTaxRatePercent: 10,
    stockNumberPattern: '{YY}{MM}-{SEQ:5}',
  };

  it('stores the cipher in capitals and audits it', async () => {
    const response = await api().put('/api/company', { ...settings, costCipher: ' blackhorse ' });

    expect(response.statusCode).toBe(200);
    expect(response.json().costCipher).toBe('BLACKHORSE');
    const stored = await database().db.selectFrom('company_settings').select('cost_cipher').where('id', '=', 1).executeTakeFirstOrThrow();
    expect(stored.cost_cipher).toBe('BLACKHORSE');
    const event = await database()
      .db.selectFrom('audit_events')
      .select('after_json')
      .where('action', '=', 'company.update')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(event.after_json!).costCipher).toBe('BLACKHORSE');
  });

  it('keeps the cipher when omitted and clears it when empty', async () => {
    await api().put('/api/company', { ...settings, costCipher: 'BLACKHORSE' });

    expect((await api().put('/api/company', settings)).json().costCipher).toBe('BLACKHORSE');
    expect((await api().put('/api/company', { ...settings, costCipher: '' })).json().costCipher).toBeNull();
  });

  it.each(['BLACKHORS', 'BLACKHORSB', 'BLACKH0RSE', 'ブラックホース一二三'])('rejects the cipher %s', async (cipher) => {
    const response = await api().put('/api/company', { ...settings, costCipher: cipher });

    expect(response.statusCode).toBe(400);
    const field = response.json().error.details.fields[0];
    expect(field.field).toBe('costCipher');
    expect(field.message).toContain('原価コードの暗号');
    expect(field.message).toContain(cipher);
  });

  it('words the cipher error in English', async () => {
    const english = await signIn(signedIn.app(), database(), 'en');

    const response = await english.put('/api/company', { ...settings, costCipher: 'AAAAAAAAAA' });

    expect(response.json().error.details.fields[0].message).toContain('The cost cipher "AAAAAAAAAA"');
  });

  it('hides the cipher from users without cost.view', async () => {
    await api().put('/api/company', { ...settings, costCipher: 'BLACKHORSE' });
    const seller = await signIn(signedIn.app(), database(), 'ja', { role: 'sales' });

    const response = await seller.get('/api/company');

    expect(response.statusCode).toBe(200);
    expect(response.json()).not.toHaveProperty('costCipher');
  });
});
