import { normalizeTrackingNumber, type Carrier } from './tracking.js';

// Public tracking pages of the carriers, for the shipment screen and the notification mail.
// tsunagu only builds these addresses: it never requests them, so no test reaches a carrier.

const TRACKING_PAGES: Record<Carrier, (encodedNumber: string) => string> = {
  yamato: (number) => `https://jizen.kuronekoyamato.co.jp/jizen/servlet/crjz.b.NQ0010?id=${number}`,
  sagawa: (number) => `https://k2k.sagawa-exp.co.jp/p/web/okurijosearch.do?okurijoNo=${number}`,
  japanpost: (number) => `https://trackings.post.japanpost.jp/services/srv/search/direct?reqCodeNo1=${number}&searchKind=S002&locale=ja`,
};

/**
 * Returns the address of the carrier's public tracking page for a tracking number. The number
 * is folded first (full-width to half-width, hyphens and spaces removed), so "1234-5678-9012"
 * and "１２３４５６７８９０１２" give the same address, and then URL-encoded. The check digit
 * is not checked here because checkTrackingNumber does that when the number is entered.
 */
export function trackingUrl(carrier: Carrier, trackingNumber: string): string {
  const folded = normalizeTrackingNumber(trackingNumber);
  return TRACKING_PAGES[carrier](encodeURIComponent(folded));
}
