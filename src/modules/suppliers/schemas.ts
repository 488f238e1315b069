import { z } from 'zod';
import { bilingual, optionalText, patternString } from '../../shared/zod.js';
import { invoiceRegistrationNumberField } from '../company/schemas.js';

export const SUPPLIER_KINDS = ['business', 'individual'] as const;

export const supplierInput = z.object({
  code: patternString(
    /^[A-Za-z0-9_-]{1,20}$/,
    '仕入先コードは半角英数字・ハイフン・下線で 20 文字以内で入力してください。',
    'Use up to 20 letters, digits, hyphens and underscores for the supplier code.',
  ),
  name: z.string().trim().min(1).max(200),
  nameKana: optionalText(200),
  kind: z.enum(SUPPLIER_KINDS),
  postalCode: optionalText(10),
  address: optionalText(300),
  phone: optionalText(30),
  email: z
    .string()
    .trim()
    .transform((v) => (v === '' ? null : v))
    .refine((v) => v === null || z.email().safeParse(v).success, bilingual('メールアドレスの形式が正しくありません。', 'The email address is not valid.'))
    .nullable()
    .optional(),
  invoiceRegistrationNumber: invoiceRegistrationNumberField,
  notes: optionalText(2000),
  isActive: z.boolean().optional(),
});

export type SupplierInput = z.infer<typeof supplierInput>;

export const supplierOutput = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  nameKana: z.string().nullable(),
  kind: z.enum(SUPPLIER_KINDS),
  postalCode: z.string().nullable(),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  invoiceRegistrationNumber: z.string().nullable(),
  notes: z.string().nullable(),
  isActive: z.boolean(),
});

export type SupplierOutput = z.infer<typeof supplierOutput>;
