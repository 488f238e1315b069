import { PREFECTURE_NAMES } from '../customers/reference.js';
import type { Recipient } from './types.js';

// Delivery address rules shared by the shipment forms, order intake and the carrier files:
// postal codes written "123-4567", prefectures from the JIS list, and phone numbers folded to
// half-width digits and hyphens. Channels send an address as one text, so the prefecture is
// split off its start.

/** Hyphen-like characters that people and channels type in phone numbers and addresses. */
const HYPHENS = /[‐‑‒–—―−ーｰ－]/g;

/** Returns "123-4567" for a 7-digit postal code typed in any width, with or without hyphen, or null for anything else. */
export function normalizePostalCode(text: string): string | null {
  const digits = text.normalize('NFKC').replace(HYPHENS, '-').replace(/[\s〒-]/g, '');
  if (!/^\d{7}$/.test(digits)) return null;
  return `${digits.slice(0, 3)}-${digits.slice(3)}`;
}

/**
 * Folds a phone number to half-width digits and hyphens: full-width digits, hyphen variants,
 * spaces and brackets are folded, and "+81" becomes the domestic leading 0. Returns null when
 * the result is not 10 or 11 digits starting with 0, the length of Japanese fixed and mobile numbers.
 */
export function normalizePhone(text: string): string | null {
  let phone = text.normalize('NFKC').trim().replace(HYPHENS, '-').replace(/[()\s]+/g, '-');
  if (phone.startsWith('+81')) phone = `0${phone.slice(3).replace(/^-+/, '')}`;
  phone = phone.replace(/-{2,}/g, '-').replace(/^-|-$/g, '');
  if (!/^[0-9-]+$/.test(phone)) return null;
  return /^0\d{9,10}$/.test(phone.replace(/-/g, '')) ? phone : null;
}

/** Splits the prefecture off the start of an address. The prefecture is null when none of the 47 starts it. */
export function splitPrefecture(address: string): { prefecture: string | null; rest: string } {
  const text = address.trim();
  const prefecture = PREFECTURE_NAMES.find((name) => text.startsWith(name)) ?? null;
  return { prefecture, rest: prefecture ? text.slice(prefecture.length).trim() : text };
}

/** Reads a channel address (one text) into a Recipient as far as it can. The shipment form fills in the rest. */
export function recipientFromChannelAddress(address: {
  name: string;
  nameKana: string | null;
  postalCode: string | null;
  address: string;
  phone: string | null;
  email?: string | null;
}): Recipient {
  const { prefecture, rest } = splitPrefecture(address.address);
  return {
    name: address.name.trim(),
    nameKana: address.nameKana,
    company: null,
    postalCode: normalizePostalCode(address.postalCode ?? '') ?? address.postalCode ?? '',
    prefecture: prefecture ?? '',
    address1: rest,
    address2: null,
    phone: normalizePhone(address.phone ?? '') ?? address.phone ?? '',
    email: address.email ?? null,
  };
}

/** Builds the key under which orders to the same person and address may be combined into one parcel. */
export function recipientKey(recipient: Recipient): string {
  const fold = (text: string | null) => (text ?? '').normalize('NFKC').replace(HYPHENS, '-').replace(/\s+/g, '');
  return [recipient.postalCode, recipient.prefecture, recipient.address1, recipient.address2, recipient.name, recipient.company].map(fold).join('|');
}

/** Lists the fields of a recipient that a carrier cannot take as they are, by tsunagu's field names. */
export function recipientProblems(recipient: Recipient): Array<{ field: keyof Recipient; message: { ja: string; en: string } }> {
  const problems: Array<{ field: keyof Recipient; message: { ja: string; en: string } }> = [];
  if (recipient.name.trim() === '') problems.push({ field: 'name', message: { ja: 'お届け先名を入力してください。', en: 'Enter the recipient name.' } });
  if (normalizePostalCode(recipient.postalCode) === null) {
    problems.push({
      field: 'postalCode',
      message: {
        ja: `郵便番号「${recipient.postalCode}」は 7 桁の数字で入力してください（例: 100-0005）。`,
        en: `Postal code "${recipient.postalCode}" must be 7 digits (example: 100-0005).`,
      },
    });
  }
  if (!PREFECTURE_NAMES.includes(recipient.prefecture)) {
    problems.push({
      field: 'prefecture',
      message: {
        ja: `都道府県「${recipient.prefecture}」が一覧にありません。47 都道府県から選んでください。`,
        en: `Prefecture "${recipient.prefecture}" is not one of the 47 prefectures. Choose it from the list.`,
      },
    });
  }
  if (recipient.address1.trim() === '') problems.push({ field: 'address1', message: { ja: '市区町村・番地を入力してください。', en: 'Enter the city and block number.' } });
  if (normalizePhone(recipient.phone) === null) {
    problems.push({
      field: 'phone',
      message: {
        ja: `電話番号「${recipient.phone}」は 10 桁か 11 桁の数字で入力してください（例: 03-1234-5678）。`,
        en: `Phone number "${recipient.phone}" must have 10 or 11 digits (example: 03-1234-5678).`,
      },
    });
  }
  return problems;
}
