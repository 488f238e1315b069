import { defineErrors } from '../../shared/errors.js';

export const roleErrors = defineErrors({
  // Roles are named by their name in the user's language, as the screens show them.
  role_members_out_of_scope: {
    kind: 'forbidden',
    ja: (p: { nameJa: string; nameEn: string; count: number }) =>
      `ロール「${p.nameJa}」には、あなたの担当外の拠点で働くユーザーが ${p.count} 人いるため変更できません。オーナーに依頼してください。`,
    en: (p: { nameJa: string; nameEn: string; count: number }) =>
      `The role "${p.nameEn}" has ${p.count} users who work at locations outside yours, so you cannot change it. Ask an owner.`,
  },
  role_builtin: {
    kind: 'conflict',
    ja: (p: { nameJa: string; nameEn: string }) =>
      `ロール「${p.nameJa}」は標準のロールのため、変更・削除できません。権限を変えたい場合は、新しいロールを作成してください。`,
    en: (p: { nameJa: string; nameEn: string }) =>
      `The role "${p.nameEn}" is built in and cannot be changed or deleted. Create a custom role to use other permissions.`,
  },
  role_in_use: {
    kind: 'conflict',
    ja: (p: { nameJa: string; nameEn: string; count: number }) =>
      `ロール「${p.nameJa}」は ${p.count} 人のユーザー（無効のユーザーを含む）に割り当てられているため削除できません。先にそのユーザーに別のロールを割り当ててください。`,
    en: (p: { nameJa: string; nameEn: string; count: number }) =>
      `The role "${p.nameEn}" cannot be deleted because ${p.count} users (inactive ones included) still have it. Give them another role first.`,
  },
  role_code_taken: {
    kind: 'conflict',
    ja: (p: { code: string }) => `ロールのコード「${p.code}」は既に使われています。別のコードを入力してください。`,
    en: (p: { code: string }) => `The role code "${p.code}" is already in use. Enter another code.`,
  },
  unknown_permission: {
    kind: 'invalid',
    ja: (p: { permission: string }) => `権限「${p.permission}」はありません。権限の一覧から選んでください。`,
    en: (p: { permission: string }) => `The permission "${p.permission}" does not exist. Choose permissions from the list.`,
  },
  grant_denied: {
    kind: 'forbidden',
    ja: (p: { permissionsJa: string; permissionsEn: string }) =>
      `自分が持っていない権限（${p.permissionsJa}）は付与できません。その権限を持つ管理者に依頼してください。`,
    en: (p: { permissionsJa: string; permissionsEn: string }) =>
      `You cannot grant permissions you do not hold yourself (${p.permissionsEn}). Ask an administrator who holds them.`,
  },
  owner_only: {
    kind: 'forbidden',
    ja: () => 'オーナーのロールの割り当てや、オーナーのアカウントの変更はオーナーだけが行えます。オーナーに依頼してください。',
    en: () => 'Only an owner can assign the owner role or change an owner account. Ask an owner to do it.',
  },
});
