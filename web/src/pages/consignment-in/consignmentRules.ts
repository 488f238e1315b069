import type { TFunction } from 'i18next';
import { todayInTokyo } from '../../lib/format.js';
import { isValidMeasure } from '../../lib/measures.js';
import { isMyNumber } from '../purchases/purchaseLines.js';

// Form rules of the consignment screens. They mirror the API's checks, so a value is shown
// as typed with an error beside it instead of being clamped or sent to fail on the server.

/** Builds a rule for a rate in percent from 0 to 100 with at most 2 decimals, as the API stores basis points. */
export function percentRule(t: TFunction) {
  return {
    validator: async (_rule: unknown, value: number | null | undefined) => {
      if (!isValidMeasure(value, { messageKey: '', min: 0, max: 100, decimals: 2 })) throw new Error(t('consignment.rules.percent'));
    },
  };
}

/** Builds a rule for a whole number from min to max, such as a closing day or a number of days. */
export function wholeNumberRule(t: TFunction, min: number, max: number) {
  return {
    validator: async (_rule: unknown, value: number | null | undefined) => {
      if (!isValidMeasure(value, { messageKey: '', min, max, decimals: 0 })) throw new Error(t('consignment.rules.wholeNumber', { min, max }));
    },
  };
}

/** Builds a rule for a business date on or before today in Japan, because documents record what already happened. */
export function notFutureRule(t: TFunction) {
  return {
    validator: async (_rule: unknown, value: string | null | undefined) => {
      const today = todayInTokyo();
      if (value && value > today) throw new Error(t('consignment.rules.futureDate', { today }));
    },
  };
}

/**
 * Whether an identity document number must be rejected as a 12-digit individual number
 * (My Number). A Japanese driving licence number has 12 digits too, so it passes under that
 * method only, as on the server.
 */
export function isForbiddenIdNumber(method: string | null | undefined, number: string | null | undefined): boolean {
  return method !== 'driving_licence' && isMyNumber(number ?? '');
}
