import { describe, expect, it } from 'vitest';
import { createTestDatabase, describeEachDatabase } from '../../../test/helpers/database.js';
import { isDomainError } from '../../shared/errors.js';
import { isValidJanCode } from '../items/attributes.js';
import { verifyLedger } from '../ledger/service.js';
import { ensureOwner } from '../auth/service.js';
import { DEMO_LOCATIONS, DEMO_PURCHASES, DEMO_SALES } from './data.js';
import { loadDemoData } from './service.js';

const LINE_COUNT = DEMO_PURCHASES.reduce((sum, purchase) => sum + purchase.lines.length, 0);

async function rejection(promise: Promise<unknown>): Promise<{ code: string; en: string }> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!isDomainError(error)) throw new Error(`expected a domain error, got ${String(error)}`);
  return { code: error.code, en: error.messages.en };
}

describe('demo data', () => {
  it('uses valid JAN codes', () => {
    const codes = DEMO_PURCHASES.flatMap((purchase) => purchase.lines.map((line) => line.item.janCode)).filter((code) => code != null);
    expect(codes.length).toBeGreaterThan(0);
    for (const code of codes) expect(isValidJanCode(code!)).toBe(true);
  });
});

describeEachDatabase('loadDemoData', (database) => {
  it('loads a consistent demo company', async () => {
    const { db } = database();
    const summary = await loadDemoData(db, { today: '2026-11-20' });

    expect(summary.companyUpdated).toBe(true);
    expect(summary.locationsCreated).toBe(4);
    expect(summary.suppliersCreated).toBe(4);
    expect(summary.purchases).toHaveLength(4);
    expect(summary.linesReceived).toBe(LINE_COUNT);

    const company = await db.selectFrom('company_settings').select('name').executeTakeFirstOrThrow();
    expect(company.name).toBe('宝石のつなぐ屋（デモ）');
    const shipping = await db.selectFrom('shipping_settings').select('settings_json').executeTakeFirstOrThrow();
    expect(JSON.parse(shipping.settings_json).sender).toMatchObject({ prefecture: '東京都', phone: '03-0000-0000' });

    // Every purchase line became an item, and the split added two and consumed one.
    const items = await db.selectFrom('items').select(['status', 'name']).execute();
    expect(items).toHaveLength(LINE_COUNT + 2);
    expect(items.filter((item) => item.status === 'written_off').map((item) => item.name)).toEqual(['淡水真珠 ロングネックレス 120cm']);
    expect(items.filter((item) => item.status === 'consumed').map((item) => item.name)).toEqual(['アコヤ真珠 ネックレス・イヤリング 2点セット']);

    const purchaseDates = await db.selectFrom('purchases').select('purchased_on').orderBy('purchased_on').execute();
    expect(purchaseDates.map((row) => row.purchased_on)).toEqual(['2026-10-11', '2026-10-21', '2026-10-31', '2026-11-10']);

    expect(await verifyLedger(db)).toEqual([]);
  });

  it('leaves exhibition goods in transit', async () => {
    const { db } = database();
    const inTransit = await db
      .selectFrom('stock_balances')
      .innerJoin('locations', 'locations.id', 'stock_balances.location_id')
      .select((eb) => eb.fn.sum<number>('stock_balances.quantity').as('quantity'))
      .where('locations.kind', '=', 'transit')
      .executeTakeFirstOrThrow();
    expect(Number(inTransit.quantity)).toBe(4);

    const transfers = await db.selectFrom('transfers').select('status').orderBy('id').execute();
    expect(transfers.map((transfer) => transfer.status)).toEqual(['received', 'in_transit']);
  });

  it('records lineage and the secondhand ledger', async () => {
    const { db } = database();
    const lineage = await db.selectFrom('item_lineage').select('allocated_cost').orderBy('id').execute();
    // The set cost ¥52,000 is allocated 4 : 1.
    expect(lineage.map((row) => Number(row.allocated_cost))).toEqual([41_600, 10_400]);

    const secondhand = await db.selectFrom('secondhand_records').select(['seller_name', 'id_check_method']).execute();
    expect(secondhand).toHaveLength(2);
    expect(secondhand[0]).toEqual({ seller_name: '佐藤 一郎（デモ）', id_check_method: 'driving_licence' });
  });

  it('rejects a second load', async () => {
    const { db } = database();
    const error = await rejection(loadDemoData(db));
    expect(error.code).toBe('demo_already_loaded');
    expect(error.en).toContain('Add --force');
  });

  it('loads again with force', async () => {
    const { db } = database();
    const summary = await loadDemoData(db, { force: true });
    expect(summary.companyUpdated).toBe(false);
    expect(summary.locationsCreated).toBe(0);
    expect(summary.suppliersCreated).toBe(0);

    // Quantity goods are restocked rather than created twice: 50 + 50 cases, less 3 sold by each load.
    const cases = await db
      .selectFrom('items')
      .innerJoin('stock_balances', 'stock_balances.item_id', 'items.id')
      .select(['items.id', 'stock_balances.quantity'])
      .where('items.jan_code', '=', '4912345678904')
      .execute();
    expect(cases).toHaveLength(1);
    expect(Number(cases[0]!.quantity)).toBe(94);
    expect(await verifyLedger(db)).toEqual([]);
  });
});

describe('loadDemoData on real data', () => {
  it('rejects a database with items', async () => {
    const database = await createTestDatabase('sqlite');
    try {
      const { db } = database;
      const now = new Date().toISOString();
      await db
        .insertInto('items')
        .values({ stock_number: 'REAL-1', tracking: 'unique', unit: 'piece', status: 'out_of_stock', name: 'real ring', category: 'ring', condition: 'new', cost: 1, retail_price: 2, tax_rate_percent: 10, tags: '[]', ownership: 'own', search_text: 'real-1 real ring', created_at: now, updated_at: now })
        .execute();

      const error = await rejection(loadDemoData(db));
      expect(error.code).toBe('database_not_empty');
      expect(error.en).toContain('already has 1 items');

      const locations = await db.selectFrom('locations').select('code').where('code', '=', DEMO_LOCATIONS.ginza.code).execute();
      expect(locations).toEqual([]);
    } finally {
      await database.destroy();
    }
  });
});

describeEachDatabase('demo sales for the analytics screens', (database) => {
  it('sells pieces over the last weeks and sets this month\'s targets', async () => {
    const { db } = database();
    const summary = await loadDemoData(db, { today: '2026-11-20' });
    expect(summary.sales).toHaveLength(DEMO_SALES.length);

    // Noon in Japan on each day: the business dates are the days the data names.
    const sales = await db.selectFrom('sales').select('business_date').orderBy('business_date').execute();
    expect(sales.map((sale) => sale.business_date)).toEqual(['2026-10-26', '2026-11-05', '2026-11-08', '2026-11-12', '2026-11-15', '2026-11-17', '2026-11-20', '2026-11-20']);

    // Sold prices, tax included: 59,800 + 550 + 24,000 + 52,000 + 228,000 + 42,000 + 45 × 800 + 198,000 + 22,000 + 2 × 550 = 663,450.
    const facts = await db.selectFrom('sales_daily').select((eb) => eb.fn.sum<number>('sales_incl').as('sales')).where('dimension', '=', '').executeTakeFirstOrThrow();
    const sold = await db.selectFrom('sale_lines').select((eb) => eb.fn.sum<number>('final_amount').as('sales')).executeTakeFirstOrThrow();
    expect(Number(sold.sales)).toBe(663_450);
    expect(Number(facts.sales)).toBe(663_450);

    const targets = await db.selectFrom('sales_targets').select(['month', 'scope', 'amount']).orderBy('amount', 'desc').execute();
    expect(targets.map((target) => [target.month, target.scope, Number(target.amount)])).toEqual([
      ['2026-11', 'company', 3_000_000],
      ['2026-11', 'location', 2_000_000],
      ['2026-11', 'staff', 1_200_000],
      ['2026-11', 'location', 1_000_000],
      ['2026-11', 'staff', 1_000_000],
    ]);

    // Two sales are shared 60/40: the cross pendant (52,000) and the Cartier ring (198,000).
    const shared = await db.selectFrom('sale_staff').select(['sale_id', 'share_percent']).where('share_percent', '<', 100).orderBy('sale_id').orderBy('share_percent', 'desc').execute();
    expect(shared.map((row) => row.share_percent)).toEqual([60, 40, 60, 40]);
    const staff = await db.selectFrom('sales_daily_staff').innerJoin('users', 'users.id', 'sales_daily_staff.user_id').select(['users.email', (eb) => eb.fn.sum<number>('sales_daily_staff.sales_incl').as('sales')]).groupBy('users.email').orderBy('users.email').execute();
    // 佐藤: 59,800 + 550 + 60 % of 52,000 and of 198,000 + 1,100 = 211,450; 鈴木 the rest, 452,000.
    expect(staff.map((row) => [row.email, Number(row.sales)])).toEqual([
      ['sato@demo.tsunagu.local', 211_450],
      ['suzuki@demo.tsunagu.local', 452_000],
    ]);

    // The first start still creates the owner: the demo's staff are not owners.
    expect(await ensureOwner(db, undefined, 'correct horse battery staple')).toMatchObject({ email: 'owner@tsunagu.local' });
    expect(await verifyLedger(db)).toEqual([]);
  });
});
