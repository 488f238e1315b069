// Permissions are per action. Every API route declares the one it needs in its config
// (`config: { permission }`); 'session' means any signed-in user may call it.

export const PERMISSIONS = [
  'stock.view',
  'cost.view',
  'items.edit',
  'purchases.receive',
  'stock.transfer',
  'stock.write_off',
  'sales.sell',
  'sales.refund',
  'channels.manage',
  'users.manage',
  'customers.personal_data',
  'data.export',
  'settings.change',
  'reports.view',
  'audit.view',
  'consignment.manage',
  'consignment.settle',
  'exhibitions.manage',
  'shipping.manage',
  'targets.manage',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

/** Requirement of a route: one permission, or only a signed-in session. */
export type RoutePermission = Permission | 'session';

export const PERMISSION_LABELS: Record<Permission, { ja: string; en: string }> = {
  'stock.view': { ja: '在庫の閲覧', en: 'View stock' },
  'cost.view': { ja: '下代（原価）の閲覧', en: 'View cost' },
  'items.edit': { ja: '商品・価格の編集', en: 'Edit items and prices' },
  'purchases.receive': { ja: '仕入の入荷', en: 'Receive purchases' },
  'stock.transfer': { ja: '在庫の移動', en: 'Transfer stock' },
  'stock.write_off': { ja: '償却', en: 'Write off stock' },
  'sales.sell': { ja: '販売', en: 'Sell' },
  'sales.refund': { ja: '返品・返金', en: 'Refund' },
  'channels.manage': { ja: 'モール・EC 連携の管理', en: 'Manage channels' },
  'users.manage': { ja: 'ユーザーの管理', en: 'Manage users' },
  'customers.personal_data': { ja: '顧客の個人情報の閲覧', en: "View customers' personal data" },
  'data.export': { ja: 'データの出力', en: 'Export data' },
  'settings.change': { ja: '設定の変更', en: 'Change settings' },
  'reports.view': { ja: '分析・レポートの閲覧', en: 'See reports' },
  'audit.view': { ja: '操作履歴（監査ログ）の閲覧', en: 'View the audit trail' },
  'consignment.manage': { ja: '受託・委託の管理', en: 'Manage consignment' },
  'consignment.settle': { ja: '受託の精算', en: 'Settle with consignors' },
  'exhibitions.manage': { ja: '展示会の管理', en: 'Run exhibitions' },
  'shipping.manage': { ja: '出荷の管理', en: 'Manage shipping' },
  'targets.manage': { ja: '売上目標・分析設定の管理', en: 'Set sales targets and analytics settings' },
};

export const BUILTIN_ROLES = ['owner', 'manager', 'sales', 'online_operator', 'accountant', 'viewer'] as const;
export type BuiltinRole = (typeof BUILTIN_ROLES)[number];

export const ROLE_LABELS: Record<BuiltinRole, { ja: string; en: string }> = {
  owner: { ja: 'オーナー', en: 'Owner' },
  manager: { ja: '店長', en: 'Store manager' },
  sales: { ja: '販売スタッフ', en: 'Sales staff' },
  online_operator: { ja: 'EC 担当', en: 'Online operator' },
  accountant: { ja: '経理', en: 'Accountant' },
  viewer: { ja: '閲覧のみ', en: 'Viewer' },
};

/** The permission matrix of the built-in roles; the roles table is seeded from it. */
export const BUILTIN_ROLE_PERMISSIONS: Record<BuiltinRole, readonly Permission[]> = {
  owner: PERMISSIONS,
  manager: [
    'stock.view',
    'cost.view',
    'items.edit',
    'purchases.receive',
    'stock.transfer',
    'stock.write_off',
    'sales.sell',
    'sales.refund',
    'customers.personal_data',
    'data.export',
    'reports.view',
    'consignment.manage',
    'consignment.settle',
    'exhibitions.manage',
    'shipping.manage',
    'targets.manage',
  ],
  sales: ['stock.view', 'stock.transfer', 'sales.sell', 'customers.personal_data', 'exhibitions.manage', 'shipping.manage'],
  online_operator: ['stock.view', 'items.edit', 'stock.transfer', 'sales.sell', 'channels.manage', 'data.export', 'shipping.manage'],
  accountant: ['stock.view', 'cost.view', 'data.export', 'reports.view', 'consignment.settle'],
  viewer: ['stock.view'],
};

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}

export function isBuiltinRole(code: string): code is BuiltinRole {
  return (BUILTIN_ROLES as readonly string[]).includes(code);
}
