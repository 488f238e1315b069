// Masking of values before they enter the audit trail. The trail keeps what changed, but
// never a secret (passwords, tokens, API keys) and never a customer's or seller's personal
// data, which the trail would otherwise keep beyond its retention period.

export const MASKED = '[masked]';
export const SECRET = '[secret]';

/** Keys whose values are secrets, in camelCase or snake_case. */
const SECRET_KEY = /pass(word|phrase)?|secret|token|api_?key|credential|sealed|private_?key/i;

/** Keys whose values are personal data of customers and sellers, whatever the entity. */
const PERSONAL_KEY = /^(seller|customer|buyer|recipient|orderer|ship_?to|shipping_?to)|birth|id_?document|id_?check_?description/i;

/** Contact keys, personal data except on the entity types in BUSINESS_ENTITY_TYPES. */
const CONTACT_KEY = /^(phone|email|address|postal_?code|name_?kana|kana)$/i;

/**
 * Entity types whose contact fields are not personal data: the business's own address,
 * its locations' and its staff accounts' emails (the trail must say who acted). Suppliers
 * are absent because a supplier may be a private individual.
 */
const BUSINESS_ENTITY_TYPES = new Set(['company', 'location', 'user']);

/** Entity types whose every text field is personal data. */
const PERSONAL_ENTITY_TYPES = new Set(['customer']);

interface MaskOptions {
  /** Mask every string and number except ids and timestamps, as for a customer record. */
  personalEntity: boolean;
  /** Keep phone, email and address readable. */
  businessEntity: boolean;
}

function maskKey(key: string, value: unknown, options: MaskOptions): unknown {
  if (value === null || value === undefined) return value;
  if (SECRET_KEY.test(key)) return SECRET;
  if (PERSONAL_KEY.test(key)) return MASKED;
  if (!options.businessEntity && CONTACT_KEY.test(key)) return MASKED;
  if (options.personalEntity && (typeof value === 'string' || typeof value === 'number') && !/(^id$|Id$|_id$|At$|_at$|^code$)/.test(key)) {
    return MASKED;
  }
  return maskValue(value, options);
}

function maskValue(value: unknown, options: MaskOptions): unknown {
  if (Array.isArray(value)) return value.map((entry) => maskValue(entry, options));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, maskKey(key, entry, options)]));
  }
  return value;
}

/** Returns a copy of `value` with secrets and personal data replaced by placeholders. */
export function maskForAudit(value: unknown, entityType?: string | null): unknown {
  const type = entityType ?? '';
  return maskValue(value, { personalEntity: PERSONAL_ENTITY_TYPES.has(type), businessEntity: BUSINESS_ENTITY_TYPES.has(type) });
}
