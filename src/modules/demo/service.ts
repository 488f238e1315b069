import type { Db, Tx } from '../../db/database.js';
import { businessDate } from '../../shared/time.js';
import { companySettingsInput } from '../company/schemas.js';
import { getCompanySettings, updateCompanySettings } from '../company/service.js';
import { shippingSettingsInput } from '../shipping/schemas.js';
import { readShippingSettings, saveShippingSettings } from '../shipping/settings.js';
import { locationInput } from '../locations/schemas.js';
import { createLocation } from '../locations/service.js';
import { purchaseInput } from '../purchases/schemas.js';
import { createPurchase } from '../purchases/service.js';
import { splitInput } from '../split-combine/schemas.js';
import { splitItem } from '../split-combine/service.js';
import type { StockContext } from '../stock-lines/service.js';
import { UNRESTRICTED_SCOPE } from '../access/scope.js';
import { supplierInput } from '../suppliers/schemas.js';
import { createSupplier } from '../suppliers/service.js';
import { transferInput } from '../transfers/schemas.js';
import { receiveTransfer, sendTransfer } from '../transfers/service.js';
import { writeOffInput } from '../write-offs/schemas.js';
import { createWriteOff } from '../write-offs/service.js';
import { nowIso } from '../../db/database.js';
import { randomBytes } from 'node:crypto';
import { createUser } from '../auth/service.js';
import { completeSale, quoteSale } from '../sales/service.js';
import { DEMO_COMPANY, DEMO_LOCATIONS, DEMO_SALES, DEMO_SHIPPING, DEMO_STAFF, DEMO_PURCHASES, DEMO_SPLIT_CHILDREN, DEMO_SUPPLIERS, DEMO_TARGETS, type DemoLine, type DemoPieceKey, type DemoStaffKey } from './data.js';
import { demoErrors } from './errors.js';

export interface LoadDemoOptions {
  /** Load even when the database already has items (adds a second set of demo pieces). */
  force?: boolean;
  /** Today's business date, from which the purchase dates count back; defaults to now in Japan. */
  today?: string;
}

export interface DemoSummary {
  companyName: string;
  /** True when the company settings were filled in; false when a name was already set. */
  companyUpdated: boolean;
  locationsCreated: number;
  suppliersCreated: number;
  purchases: string[];
  /** Purchase lines received: new pieces, plus quantity goods restocked on a forced reload. */
  linesReceived: number;
  transfers: string[];
  writeOff: string;
  split: string;
  /** Counter sales made over the last weeks by the demo's sales staff, for the analytics screens. */
  sales: string[];
}

function daysBefore(today: string, days: number): string {
  const date = new Date(`${today}T00:00:00.000Z`);
  date.setUTCDate(date.getUTCDate() - days);
  return date.toISOString().slice(0, 10);
}

/**
 * Returns the id of the location or supplier with `code`, creating it when missing, so that
 * a forced second load reuses the first load's master data. `created` counts the new ones.
 */
async function idByCode(
  trx: Tx,
  table: 'locations' | 'suppliers',
  code: string,
  create: () => Promise<{ id: number }>,
  created: { count: number },
): Promise<number> {
  const existing = await trx.selectFrom(table).select('id').where('code', '=', code).executeTakeFirst();
  if (existing) return existing.id;
  created.count += 1;
  return (await create()).id;
}

/** Fills the company name, address and phone and the shipping sender, unless the company already has a name. */
async function fillCompany(trx: Tx): Promise<{ name: string; updated: boolean }> {
  const current = await getCompanySettings(trx);
  if (current.name !== '') return { name: current.name, updated: false };

  const updated = await updateCompanySettings(trx, companySettingsInput.parse({ ...current, ...DEMO_COMPANY }));
  if ((await readShippingSettings(trx)) === null) await saveShippingSettings(trx, shippingSettingsInput.parse(DEMO_SHIPPING), null);
  return { name: updated.name, updated: true };
}

/**
 * Builds the purchase line of a demo piece. Quantity goods received before (on a forced
 * second load) get more stock on the existing item, because two quantity items may not
 * share a JAN code.
 */
async function purchaseLine(trx: Tx, line: DemoLine) {
  const features = line.features ? { features: line.features } : {};
  if (line.item.tracking === 'quantity') {
    const existing = await trx
      .selectFrom('items')
      .select('id')
      .where('tracking', '=', 'quantity')
      .where('name', '=', line.item.name)
      .orderBy('id')
      .executeTakeFirst();
    if (existing) return { itemId: existing.id, unitCost: line.item.cost, quantity: line.quantity, ...features };
  }
  return { item: line.item, quantity: line.quantity, ...features };
}

/** Returns the owner (or else the oldest) account as the author of the demo documents, or null without users. */
async function demoAuthor(trx: Tx): Promise<StockContext> {
  const user = await trx.selectFrom('users').select('id').orderBy('is_owner', 'desc').orderBy('id').executeTakeFirst();
  return { userId: user?.id ?? null, scope: UNRESTRICTED_SCOPE };
}

/**
 * Loads the demo company in one transaction, through the same services the screens use.
 * It fills the company settings and creates four locations, four suppliers and four
 * purchases. One purchase is of pre-owned goods bought from an individual, so it writes
 * the secondhand ledger. Then come two transfers (one received, one still in transit to
 * the exhibition), a write-off and the split of a pearl set. Rejects a database that
 * already has items unless `force` is set.
 */
export async function loadDemoData(db: Db, options: LoadDemoOptions = {}): Promise<DemoSummary> {
  const today = options.today ?? businessDate();

  return db.transaction().execute(async (trx) => {
    const { count } = await trx.selectFrom('items').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    const items = Number(count);
    if (items > 0 && !options.force) {
      const loaded = await trx.selectFrom('locations').select('id').where('code', '=', DEMO_LOCATIONS.exhibition.code).executeTakeFirst();
      throw loaded ? demoErrors.demo_already_loaded({ items }) : demoErrors.database_not_empty({ items });
    }

    const ctx = await demoAuthor(trx);
    const company = await fillCompany(trx);

    const newLocations = { count: 0 };
    const locationIds = {} as Record<keyof typeof DEMO_LOCATIONS, number>;
    for (const [key, location] of Object.entries(DEMO_LOCATIONS) as Array<[keyof typeof DEMO_LOCATIONS, (typeof DEMO_LOCATIONS)[keyof typeof DEMO_LOCATIONS]]>) {
      locationIds[key] = await idByCode(trx, 'locations', location.code, () => createLocation(trx, locationInput.parse(location)), newLocations);
    }

    const newSuppliers = { count: 0 };
    const supplierIds = {} as Record<keyof typeof DEMO_SUPPLIERS, number>;
    for (const [key, supplier] of Object.entries(DEMO_SUPPLIERS) as Array<[keyof typeof DEMO_SUPPLIERS, (typeof DEMO_SUPPLIERS)[keyof typeof DEMO_SUPPLIERS]]>) {
      supplierIds[key] = await idByCode(trx, 'suppliers', supplier.code, () => createSupplier(trx, supplierInput.parse(supplier)), newSuppliers);
    }

    // Receive every purchase and remember the pieces the later steps move.
    const pieces = {} as Record<DemoPieceKey, number>;
    const itemsByName = new Map<string, number>();
    const purchases: string[] = [];
    let linesReceived = 0;
    for (const purchase of DEMO_PURCHASES) {
      const input = purchaseInput.parse({
        supplierId: supplierIds[purchase.supplier],
        locationId: locationIds[purchase.location],
        purchasedOn: daysBefore(today, purchase.daysAgo),
        supplierDocumentNumber: purchase.supplierDocumentNumber,
        isSecondhand: purchase.isSecondhand ?? false,
        ...(purchase.seller ? { seller: purchase.seller } : {}),
        lines: await Promise.all(purchase.lines.map((line) => purchaseLine(trx, line))),
      });
      const received = await createPurchase(trx, input, ctx);
      purchases.push(received.number);
      linesReceived += received.lines.length;
      purchase.lines.forEach((line, index) => {
        itemsByName.set(line.item.name, received.lines[index]!.itemId);
        if (line.key) pieces[line.key] = received.lines[index]!.itemId;
      });
    }

    // Bridal rings go from the warehouse to the Ginza store and arrive. The exhibition
    // pieces are sent but not yet received, so that the screens show goods in transit.
    const toGinza = await sendTransfer(
      trx,
      transferInput.parse({
        fromLocationId: locationIds.warehouse,
        toLocationId: locationIds.ginza,
        note: 'ブライダルフェア用に銀座本店へ',
        lines: (['solitaire', 'ichimonji', 'halfEternity'] as const).map((key) => ({ itemId: pieces[key], quantity: 1 })),
      }),
      ctx,
    );
    await receiveTransfer(trx, toGinza.id, {}, ctx);
    const toExhibition = await sendTransfer(
      trx,
      transferInput.parse({
        fromLocationId: locationIds.warehouse,
        toLocationId: locationIds.exhibition,
        note: '神戸ジュエリー展示会へ搬入',
        lines: (['emeraldRing', 'tanzaniteRing', 'kihei', 'tennisBracelet'] as const).map((key) => ({ itemId: pieces[key], quantity: 1 })),
      }),
      ctx,
    );

    const writeOff = await createWriteOff(
      trx,
      writeOffInput.parse({
        locationId: locationIds.motomachi,
        reason: 'damage',
        note: '試着中に糸が切れ、真珠が数珠欠損。修理不可のため償却。',
        writtenOffOn: daysBefore(today, 3),
        lines: [{ itemId: pieces.freshwaterLong, quantity: 1 }],
      }),
      ctx,
    );

    const split = await splitItem(
      trx,
      splitInput.parse({
        itemId: pieces.pearlSet,
        locationId: locationIds.motomachi,
        allocation: 'ratio',
        note: 'セットをネックレスとイヤリングに分けて販売',
        children: DEMO_SPLIT_CHILDREN.map((child) => ({ attributes: child.item, ratio: child.ratio })),
      }),
      ctx,
    );

    const staff = await demoStaff(trx, locationIds);
    const sales = await makeDemoSales(trx, today, locationIds, itemsByName, staff);

    return {
      companyName: company.name,
      companyUpdated: company.updated,
      locationsCreated: newLocations.count,
      suppliersCreated: newSuppliers.count,
      purchases,
      linesReceived,
      transfers: [toGinza.number, toExhibition.number],
      writeOff: writeOff.number,
      split: split.number,
      sales,
    };
  });
}

/**
 * Returns the demo's sales staff by key, creating those missing. Their passwords are random
 * and never shown; the owner can set one on the users screen.
 */
async function demoStaff(trx: Tx, locationIds: Record<keyof typeof DEMO_LOCATIONS, number>): Promise<Record<DemoStaffKey, number>> {
  const ids = {} as Record<DemoStaffKey, number>;
  for (const [key, member] of Object.entries(DEMO_STAFF) as Array<[DemoStaffKey, (typeof DEMO_STAFF)[DemoStaffKey]]>) {
    const existing = await trx.selectFrom('users').select('id').where('email', '=', member.email).executeTakeFirst();
    ids[key] = existing
      ? existing.id
      : (
          await createUser(trx, {
            email: member.email,
            password: randomBytes(18).toString('base64url'),
            displayName: member.displayName,
            locale: 'ja',
            role: 'sales',
            locationIds: member.locations.map((location) => locationIds[location]),
          })
        ).id;
  }
  return ids;
}

/**
 * Sells a few demo pieces at the two stores over the last weeks, at noon in Japan on each
 * day, credited to the demo's staff, and sets this month's targets, so that the dashboard
 * and reports have figures. The sales go through the counter's own service.
 */
async function makeDemoSales(trx: Tx, today: string, locationIds: Record<keyof typeof DEMO_LOCATIONS, number>, itemsByName: Map<string, number>, staff: Record<DemoStaffKey, number>): Promise<string[]> {
  const numbers: string[] = [];

  for (const sale of DEMO_SALES) {
    const ctx = { userId: staff[sale.staff[0]![0]], scope: UNRESTRICTED_SCOPE };
    const register = await trx.selectFrom('registers').select('id').where('location_id', '=', locationIds[sale.location]).orderBy('id').executeTakeFirstOrThrow();
    const lines = sale.lines.map((line) => ({ itemId: itemsByName.get(line.name)!, quantity: line.quantity ?? 1 }));
    const quote = await quoteSale(trx, { registerId: register.id, lines, reductions: [] }, ctx);
    const date = daysBefore(today, sale.daysAgo);
    // 03:00 UTC is noon in Japan; today's sales take the current time.
    const soldAt = sale.daysAgo === 0 ? undefined : `${date}T03:00:00.000Z`;
    const input = {
      registerId: register.id,
      lines,
      reductions: [],
      staff: sale.staff.map(([key, sharePercent]) => ({ userId: staff[key], sharePercent })),
      payments: [{ method: sale.method, amount: quote.total }],
    };
    const made = await completeSale(trx, input, ctx, { soldAt, businessDate: date });
    numbers.push(made.number);
  }

  const month = today.slice(0, 7);
  for (const target of DEMO_TARGETS) {
    const scopeRef = target.location !== undefined ? String(locationIds[target.location]) : target.staff !== undefined ? String(staff[target.staff]) : '';
    await trx
      .insertInto('sales_targets')
      .values({ month, scope: target.scope, scope_ref: scopeRef, amount: target.amount, updated_by: null, updated_at: nowIso() })
      .onConflict((conflict) => conflict.columns(['month', 'scope', 'scope_ref']).doNothing())
      .execute();
  }
  return numbers;
}
