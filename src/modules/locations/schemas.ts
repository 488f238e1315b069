import { z } from 'zod';
import { isCalendarDate } from '../../shared/time.js';
import { bilingual, optionalText, patternString } from '../../shared/zod.js';

export const LOCATION_KINDS = ['store', 'warehouse', 'exhibition', 'partner'] as const;

const optionalDate = z
  .string()
  .refine(isCalendarDate, bilingual('日付は YYYY-MM-DD の形で入力してください。', 'Enter the date as YYYY-MM-DD.'))
  .nullable()
  .optional();

export const locationInput = z
  .object({
    code: patternString(
      /^[A-Za-z0-9_-]{1,20}$/,
      '拠点コードは半角英数字・ハイフン・下線で 20 文字以内で入力してください。',
      'Use up to 20 letters, digits, hyphens and underscores for the location code.',
    ),
    name: z.string().trim().min(1).max(100),
    kind: z.enum(LOCATION_KINDS),
    postalCode: optionalText(10),
    address: optionalText(300),
    phone: optionalText(30),
    startsOn: optionalDate,
    endsOn: optionalDate,
    isActive: z.boolean().optional(),
  })
  .refine((v) => !v.startsOn || !v.endsOn || v.startsOn <= v.endsOn, {
    path: ['endsOn'],
    ...bilingual('終了日は開始日以降にしてください。', 'The end date must not be before the start date.'),
  });

export type LocationInput = z.infer<typeof locationInput>;

export const locationOutput = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  kind: z.enum([...LOCATION_KINDS, 'transit']),
  postalCode: z.string().nullable(),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  startsOn: z.string().nullable(),
  endsOn: z.string().nullable(),
  isActive: z.boolean(),
});

export type LocationOutput = z.infer<typeof locationOutput>;
