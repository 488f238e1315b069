import { defineErrors } from '../../shared/errors.js';

export const reservationErrors = defineErrors({
  nothing_to_reserve: {
    kind: 'conflict',
    ja: (p: { stockNumber: string; requested: number }) =>
      `在庫番号 ${p.stockNumber} には引当できる在庫が ${p.requested} ありません。販売済みか、他の注文に引当済みです。`,
    en: (p: { stockNumber: string; requested: number }) =>
      `Stock number ${p.stockNumber} has no ${p.requested} left to reserve; it was sold or reserved for another order.`,
  },
  reservation_not_active: {
    kind: 'conflict',
    ja: (p: { id: number }) => `引当（ID ${p.id}）は既に解除または使用済みです。`,
    en: (p: { id: number }) => `Reservation ${p.id} was already released or used.`,
  },
});
