import { defineErrors } from '../../shared/errors.js';

export const userErrors = defineErrors({
  user_not_found: {
    kind: 'not_found',
    ja: (p: { id: number }) => `ユーザー（ID ${p.id}）が見つかりません。一覧から選び直してください。`,
    en: (p: { id: number }) => `User ${p.id} was not found. Choose the user again from the list.`,
  },
  last_owner: {
    kind: 'conflict',
    ja: () => '最後のオーナーは無効にしたりロールを変えたりできません。先に別のユーザーをオーナーにしてください。',
    en: () => 'The last owner cannot be deactivated or given another role. Make another user an owner first.',
  },
  location_not_found: {
    kind: 'invalid',
    ja: (p: { location: string }) => `拠点「${p.location}」が見つかりません。拠点の一覧から選び直してください。`,
    en: (p: { location: string }) => `The location "${p.location}" was not found. Choose one from the list of locations.`,
  },
  no_locations_assigned: {
    kind: 'invalid',
    ja: () => '担当の拠点を限定する場合は、拠点を 1 つ以上選んでください。すべての拠点で操作させる場合は「すべての拠点」を選んでください。',
    en: () => 'A user limited to some locations needs at least one location. Choose one, or allow every location.',
  },
  locations_with_all_locations: {
    kind: 'invalid',
    ja: () => 'すべての拠点で操作できるユーザーには、担当の拠点を指定できません。拠点を限定するか、拠点の指定を外してください。',
    en: () => 'Locations can only be listed for a user limited to some locations. Limit the user, or leave the list empty.',
  },
  owner_all_locations: {
    kind: 'invalid',
    ja: () => 'オーナーは常にすべての拠点で操作できるため、拠点を限定できません。拠点を限定するには別のロールを選んでください。',
    en: () => 'Owners always act at every location and cannot be limited. Choose another role to limit the user.',
  },
  user_manage_denied: {
    kind: 'forbidden',
    ja: (p: { missingJa: string; missingEn: string }) =>
      `このユーザーには、あなたが持っていない権限や拠点（${p.missingJa}）があるため、変更・無効化・パスワードのリセットはできません。オーナーに依頼してください。`,
    en: (p: { missingJa: string; missingEn: string }) =>
      `You cannot change, deactivate or reset the password of this user because they have permissions or locations you do not have (${p.missingEn}). Ask an owner.`,
  },
  all_locations_not_grantable: {
    kind: 'forbidden',
    ja: (p: { ownJa: string; ownEn: string }) =>
      `あなたの担当は一部の拠点（${p.ownJa}）だけのため、ユーザーを「すべての拠点」で操作できるようにはできません。あなたの担当の拠点から選ぶか、オーナーに依頼してください。`,
    en: (p: { ownJa: string; ownEn: string }) =>
      `You act only at some locations (${p.ownEn}), so you cannot let a user act at every location. Choose from your own locations, or ask an owner.`,
  },
  location_not_grantable: {
    kind: 'forbidden',
    ja: (p: { locationsJa: string; locationsEn: string; ownJa: string; ownEn: string }) =>
      `拠点（${p.locationsJa}）はあなたの担当ではないため、ユーザーに割り当てられません。あなたの担当の拠点（${p.ownJa}）から選ぶか、オーナーに依頼してください。`,
    en: (p: { locationsJa: string; locationsEn: string; ownJa: string; ownEn: string }) =>
      `You cannot assign ${p.locationsEn} because you do not act there yourself. Choose from your own locations (${p.ownEn}), or ask an owner.`,
  },
  own_access_change_denied: {
    kind: 'forbidden',
    ja: () => '自分のロールや担当の拠点は変更できません。ほかのオーナーなど、ユーザーを管理できる別のユーザーに依頼してください。',
    en: () => 'You cannot change your own role or locations. Ask another user who manages users, such as an owner.',
  },
  own_deactivation: {
    kind: 'forbidden',
    ja: () => '自分のアカウントは無効にできません。ユーザーを管理できる別のユーザーに依頼してください。',
    en: () => 'You cannot deactivate your own account. Ask another user who manages users.',
  },
  own_password_reset: {
    kind: 'forbidden',
    ja: () => '自分のパスワードはここでは再設定できません。プロフィール画面で、今のパスワードを入力して変更してください。',
    en: () => 'You cannot reset your own password here. Change it on the profile screen, entering your current password.',
  },
  default_location_not_assigned: {
    kind: 'invalid',
    ja: (p: { location: string }) => `既定の拠点「${p.location}」がユーザーの担当の拠点に含まれていません。担当の拠点から選んでください。`,
    en: (p: { location: string }) => `The default location "${p.location}" is not one of the user's locations. Choose one of them.`,
  },
});
