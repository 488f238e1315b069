import { CARRIER_NAMES, CARRIERS, checkTrackingNumber } from '../../modules/shipping/tracking.js';
import { choiceOption, parseCommandArgs, requiredOption } from '../args.js';
import type { CliContext } from '../context.js';

/**
 * `tsunagu tracking check NUMBER --carrier yamato|sagawa|japanpost`: prints the folded number
 * and returns 0 when it is valid. A wrong shape or check digit raises a tracking error, which
 * the command line prints with exit status 1. No database is opened.
 */
export async function trackingCheckCommand(ctx: CliContext, args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { carrier: { type: 'string' } }, ['NUMBER']);
  const carrier = choiceOption('carrier', requiredOption(`carrier ${CARRIERS.join('|')}`, values.carrier), CARRIERS, 'yamato');

  const number = checkTrackingNumber(positionals[0]!, carrier);
  ctx.say({
    ja: `${number}: ${CARRIER_NAMES[carrier].ja}の送り状番号として正しい番号です。`,
    en: `${number}: a valid ${CARRIER_NAMES[carrier].en} tracking number.`,
  });
  return 0;
}
