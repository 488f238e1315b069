import { verifyLedger } from '../../modules/ledger/service.js';
import { parseCommandArgs } from '../args.js';
import { withDatabase, type CliContext } from '../context.js';
import type { Executor } from '../../db/database.js';

async function countRows(db: Executor) {
  const [items, movements, balances] = await Promise.all([
    db.selectFrom('items').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    db.selectFrom('stock_movements').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    db
      .selectFrom('stock_balances')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('quantity', '>', 0)
      .executeTakeFirstOrThrow(),
  ]);
  return { items: Number(items.n), movements: Number(movements.n), balances: Number(balances.n) };
}

/**
 * `tsunagu verify`: recomputes every stock balance from the ledger. Exits 1 when any
 * balance differs from the sum of its movements, listing each one.
 */
export async function verifyCommand(ctx: CliContext, args: string[]): Promise<number> {
  parseCommandArgs(args, {}, []);

  return withDatabase(await ctx.openMigratedDatabase(), async (handle) => {
    const discrepancies = await verifyLedger(handle.db);
    const counts = await countRows(handle.db);

    if (discrepancies.length === 0) {
      ctx.say({
        ja: `OK: 在庫台帳 ${counts.movements} 行と在庫残高 ${counts.balances} 件が一致しています（商品 ${counts.items} 件）。`,
        en: `OK: ${counts.movements} ledger rows and ${counts.balances} stock balances agree (${counts.items} items).`,
      });
      return 0;
    }

    // Names for the listing; a discrepancy may point at ids that no longer resolve, so
    // the ids are printed as they are when a name is missing.
    const itemIds = [...new Set(discrepancies.map((d) => d.itemId))];
    const locationIds = [...new Set(discrepancies.map((d) => d.locationId))];
    const items = new Map(
      (await handle.db.selectFrom('items').select(['id', 'stock_number']).where('id', 'in', itemIds).execute()).map((r) => [r.id, r.stock_number]),
    );
    const locations = new Map(
      (await handle.db.selectFrom('locations').select(['id', 'code']).where('id', 'in', locationIds).execute()).map((r) => [r.id, r.code]),
    );

    for (const d of discrepancies) {
      const item = items.get(d.itemId) ?? `#${d.itemId}`;
      const location = locations.get(d.locationId) ?? `#${d.locationId}`;
      ctx.say({
        ja: `不一致: 在庫番号 ${item} / 拠点 ${location}: 残高 ${d.balance}、台帳の合計 ${d.ledger}`,
        en: `Mismatch: stock number ${item} at location ${location}: balance ${d.balance}, ledger total ${d.ledger}`,
      });
    }
    ctx.warn({
      ja: `在庫残高と台帳が ${discrepancies.length} 件一致しません（台帳 ${counts.movements} 行を確認）。`,
      en: `${discrepancies.length} stock balances differ from the ledger (${counts.movements} ledger rows checked).`,
    });
    return 1;
  });
}
