import type { Db } from '../../db/database.js';
import { isDomainError } from '../../shared/errors.js';
import type { LocationScope } from '../access/scope.js';
import { reserveStock } from '../reservations/service.js';
import { completeSale } from './service.js';

// What each party of the counter-sale race does (src/modules/sales/concurrency.test.ts and
// the checkout benchmark): a register completing a sale of the piece, or a channel order
// reserving it.

export type RaceRole = 'register' | 'channel';

export interface RaceRound {
  itemId: number;
  price: number;
  registerId: number;
  userId: number;
  scope: LocationScope;
}

export type RaceOutcome = { ok: true } | { ok: false; code: string };

/** Runs one party's attempt in its own transaction; a domain error is a lost race. */
export async function raceAttempt(db: Db, role: RaceRole, round: RaceRound): Promise<RaceOutcome> {
  try {
    await db.transaction().execute(async (trx) => {
      if (role === 'channel') {
        await reserveStock(trx, { itemId: round.itemId, quantity: 1, holderType: 'channel_order', holderRef: `race-${round.itemId}`, userId: null });
        return;
      }
      await completeSale(
        trx,
        { registerId: round.registerId, lines: [{ itemId: round.itemId, quantity: 1 }], reductions: [], payments: [{ method: 'card', amount: round.price }] },
        { userId: round.userId, scope: round.scope },
      );
    });
    return { ok: true };
  } catch (error) {
    if (isDomainError(error)) return { ok: false, code: error.code };
    throw error;
  }
}
