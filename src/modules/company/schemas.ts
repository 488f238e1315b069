import { z } from 'zod';
import { costField } from '../../server/cost-hiding.js';
import { isDomainError } from '../../shared/errors.js';
import { bilingual, optionalText } from '../../shared/zod.js';
import { isValidInvoiceRegistrationNumber } from '../items/attributes.js';
import { normalizeCostCipher } from '../price-tags/templates.js';
import { isValidStockNumberPattern } from './pattern.js';

export const TAX_ROUNDINGS = ['down', 'half_up', 'up'] as const;

/** Qualified-invoice registration number: optional, full-width input folded, T + 13 digits. */
export const invoiceRegistrationNumberField = z
  .string()
  .trim()
  .transform((v) => v.normalize('NFKC').toUpperCase())
  .transform((v) => (v === '' ? null : v))
  .refine(
    (v) => v === null || /^T\d{13}$/.test(v),
    bilingual('登録番号は「T」と 13 桁の数字で入力してください（例: T7000012050002）。', 'Enter the registration number as "T" and 13 digits (example: T7000012050002).'),
  )
  .refine(
    (v) => v === null || !/^T\d{13}$/.test(v) || isValidInvoiceRegistrationNumber(v),
    bilingual(
      '登録番号のチェックデジット（T の次の 1 桁）が合いません。通知書どおりに入力されているか確認してください。',
      'The check digit (the first digit after T) does not match. Check the number against the registration notice.',
    ),
  )
  .nullable()
  .optional();

/**
 * Cost cipher of price tags, checked and capitalised by the tag module's rule; an empty text
 * or null removes it. The message of the rule's error becomes the field's message.
 */
export const costCipherField = z
  .string()
  .nullable()
  .optional()
  .transform((value, ctx) => {
    if (value === undefined) return undefined;
    if (value === null || value.trim() === '') return null;
    try {
      return normalizeCostCipher(value);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      ctx.addIssue({ code: 'custom', message: error.messages.en, params: error.messages });
      return z.NEVER;
    }
  });

export const companySettingsInput = z.object({
  name: z.string().trim().max(200),
  postalCode: optionalText(10),
  address: optionalText(300),
  phone: optionalText(30),
  invoiceRegistrationNumber: invoiceRegistrationNumberField,
  taxRounding: z.enum(TAX_ROUNDINGS),
  defaultTaxRatePercent: z.union([z.literal(10), z.literal(8)]),
  stockNumberPattern: z
    .string()
    .trim()
    .refine(
      isValidStockNumberPattern,
      bilingual(
        '在庫番号の書式には {SEQ:桁数} を 1 つ含め、使える記号は {YYYY} {YY} {MM} {DD} と半角英数字・ハイフンです（例: {YY}{MM}-{SEQ:5}）。',
        'The stock number pattern needs exactly one {SEQ:digits} and may use {YYYY} {YY} {MM} {DD}, letters, digits and hyphens (example: {YY}{MM}-{SEQ:5}).',
      ),
    ),
  /** Whether staff limited to some locations may see stock levels at the others; unchanged when omitted. */
  scopedStaffSeeOtherLocations: z.boolean().optional(),
  /** Cost cipher; unchanged when omitted, because users without 'cost.view' never receive it. */
  costCipher: costCipherField,
});

export type CompanySettingsInput = z.infer<typeof companySettingsInput>;

export const companySettingsOutput = z.object({
  name: z.string(),
  postalCode: z.string().nullable(),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  invoiceRegistrationNumber: z.string().nullable(),
  taxRounding: z.enum(TAX_ROUNDINGS),
  defaultTaxRatePercent: z.number(),
  stockNumberPattern: z.string(),
  scopedStaffSeeOtherLocations: z.boolean(),
  costCipher: costField(z.string().nullable()),
});

export type CompanySettings = z.infer<typeof companySettingsOutput>;
