import { z } from 'zod';
import { bilingual } from '../../shared/zod.js';

export const roleOutput = z.object({
  code: z.string(),
  nameJa: z.string(),
  nameEn: z.string(),
  permissions: z.array(z.string()).describe('Permission codes; built-in roles take them from the matrix in code'),
  isBuiltin: z.boolean().describe('Built-in roles cannot be changed or deleted'),
  userCount: z.number().describe('Users with the role, inactive ones included'),
});
export type RoleOutput = z.infer<typeof roleOutput>;

export const permissionOutput = z.object({ code: z.string(), labelJa: z.string(), labelEn: z.string() });

export const roleListOutput = z.object({ roles: z.array(roleOutput), permissions: z.array(permissionOutput) });

const name = z.string().trim().min(1).max(60);

/** Permission codes as sent; the service rejects unknown ones, naming the value. */
const permissionCodes = z.array(z.string().trim().min(1).max(60)).max(100);

export const roleCreateInput = z.object({
  code: z
    .string()
    .trim()
    .refine(
      (code) => /^[a-z0-9_]{2,40}$/.test(code),
      bilingual(
        'ロールのコードは半角の英小文字・数字・アンダースコア（_）で 2〜40 文字にしてください（例: store_lead）。',
        'The role code must be 2 to 40 lowercase letters, digits or underscores (example: store_lead).',
      ),
    ),
  nameJa: name,
  nameEn: name,
  permissions: permissionCodes,
});
export type RoleCreateInput = z.infer<typeof roleCreateInput>;

export const roleUpdateInput = z.object({ nameJa: name, nameEn: name, permissions: permissionCodes });
export type RoleUpdateInput = z.infer<typeof roleUpdateInput>;
