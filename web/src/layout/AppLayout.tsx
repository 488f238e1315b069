import {
  AppstoreOutlined,
  CameraOutlined,
  BarcodeOutlined,
  CalculatorOutlined,
  DesktopOutlined,
  PrinterOutlined,
  ProfileOutlined,
  ScanOutlined,
  AuditOutlined,
  IdcardOutlined,
  SafetyCertificateOutlined,
  UserOutlined,
  BankOutlined,
  BookOutlined,
  ContactsOutlined,
  DeleteOutlined,
  EnvironmentOutlined,
  ImportOutlined,
  InboxOutlined,
  LogoutOutlined,
  MenuOutlined,
  MergeCellsOutlined,
  RollbackOutlined,
  ScissorOutlined,
  ShopOutlined,
  ShoppingCartOutlined,
  SwapOutlined,
  SyncOutlined,
  TagsOutlined,
  TeamOutlined,
  UnorderedListOutlined,
  CloudSyncOutlined,
  ExportOutlined,
  FieldTimeOutlined,
  FileTextOutlined,
  FlagOutlined,
  FormOutlined,
  PieChartOutlined,
  SolutionOutlined,
  CarOutlined,
  ControlOutlined,
  DashboardOutlined,
  LineChartOutlined,
  TrophyOutlined,
  BarChartOutlined,
  FundOutlined,
  AimOutlined,
  SlidersOutlined,
} from '@ant-design/icons';
import { Button, Drawer, Dropdown, Grid, Layout, Menu, Space, type MenuProps } from 'antd';
import { useState, type MouseEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth/AuthContext.js';
import { meetsRequirement } from '../auth/permissions.js';
import { ReferenceDataProvider } from '../data/ReferenceData.js';
import { navigate, useLocation } from '../lib/router.js';
import { permissionOf } from '../routes.js';
import { LanguageSwitch } from './LanguageSwitch.js';

const { Header, Sider, Content } = Layout;

/**
 * Renders a menu label as a real link, so that it can be opened in a new tab. A plain click
 * is left to the menu's onClick, which navigates without reloading the page. A click with
 * a modifier key goes to the browser and is kept from the menu.
 */
function MenuLink({ to, children }: { to: string; children: ReactNode }) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) event.stopPropagation();
    else event.preventDefault();
  };
  return (
    <a href={to} onClick={onClick}>
      {children}
    </a>
  );
}

interface MenuEntry {
  path: string;
  icon: ReactNode;
  /** Translation key of the label. */
  label: string;
}

interface MenuGroup {
  key: string;
  /** Translation key of the group heading; undefined for entries shown without a heading. */
  label?: string;
  entries: MenuEntry[];
}

const MENU: MenuGroup[] = [
  {
    key: 'top',
    entries: [
      { path: '/items', icon: <AppstoreOutlined />, label: 'nav.items' },
      { path: '/photo-studio', icon: <CameraOutlined />, label: 'photoStudio.nav.studio' },
      { path: '/customers', icon: <ContactsOutlined />, label: 'customers.nav' },
    ],
  },
  {
    key: 'sales',
    label: 'sales.nav.group',
    entries: [
      { path: '/sales/new', icon: <BarcodeOutlined />, label: 'sales.nav.register' },
      { path: '/sales', icon: <ProfileOutlined />, label: 'sales.nav.list' },
      { path: '/sales/closing', icon: <CalculatorOutlined />, label: 'sales.nav.closing' },
      { path: '/sales/offline', icon: <CloudSyncOutlined />, label: 'offline.nav.list' },
      { path: '/exhibitions', icon: <FlagOutlined />, label: 'exhibitions.nav.list' },
    ],
  },
  {
    key: 'consignment',
    label: 'consignment.nav.group',
    entries: [
      { path: '/consignment/receive', icon: <ImportOutlined />, label: 'consignment.nav.receive' },
      { path: '/consignment/consignors', icon: <SolutionOutlined />, label: 'consignment.nav.consignors' },
      { path: '/consignment/returns', icon: <RollbackOutlined />, label: 'consignment.nav.returns' },
      { path: '/consignment/statements', icon: <FileTextOutlined />, label: 'settlement.nav.statements' },
      { path: '/consignment-out/send', icon: <ExportOutlined />, label: 'consignmentOut.nav.send' },
      { path: '/consignment-out/consignees', icon: <ShopOutlined />, label: 'consignmentOut.nav.consignees' },
      { path: '/consignment-out/reports', icon: <FormOutlined />, label: 'consignmentOut.nav.reports' },
      { path: '/consignment-out/aging', icon: <FieldTimeOutlined />, label: 'consignmentOut.nav.aging' },
    ],
  },
  {
    key: 'purchasing',
    label: 'nav.groupPurchasing',
    entries: [
      { path: '/purchases/new', icon: <ShoppingCartOutlined />, label: 'nav.purchaseEntry' },
      { path: '/purchases', icon: <UnorderedListOutlined />, label: 'nav.purchases' },
      { path: '/supplier-returns', icon: <RollbackOutlined />, label: 'nav.supplierReturns' },
      { path: '/secondhand-ledger', icon: <BookOutlined />, label: 'nav.secondhandLedger' },
    ],
  },
  {
    key: 'stock',
    label: 'nav.groupStock',
    entries: [
      { path: '/transfers', icon: <SwapOutlined />, label: 'nav.transfers' },
      { path: '/stocktakes', icon: <ScanOutlined />, label: 'stocktakes.nav.list' },
      { path: '/price-tags', icon: <PrinterOutlined />, label: 'priceTags.nav.page' },
      { path: '/write-offs', icon: <DeleteOutlined />, label: 'nav.writeOffs' },
      { path: '/split', icon: <ScissorOutlined />, label: 'nav.split' },
      { path: '/combine', icon: <MergeCellsOutlined />, label: 'nav.combine' },
      { path: '/import', icon: <ImportOutlined />, label: 'nav.csv' },
      { path: '/reports/stock', icon: <PieChartOutlined />, label: 'stockReports.nav.stockValue' },
    ],
  },
  {
    key: 'settings',
    label: 'nav.groupSettings',
    entries: [
      { path: '/locations', icon: <EnvironmentOutlined />, label: 'nav.locations' },
      { path: '/suppliers', icon: <TeamOutlined />, label: 'nav.suppliers' },
      { path: '/company', icon: <BankOutlined />, label: 'nav.company' },
      { path: '/sales/registers', icon: <DesktopOutlined />, label: 'sales.nav.registers' },
    ],
  },
  {
    key: 'channels',
    label: 'channels.nav.group',
    entries: [
      { path: '/channels/listings', icon: <TagsOutlined />, label: 'channels.nav.listings' },
      { path: '/channels/orders', icon: <InboxOutlined />, label: 'channels.nav.orders' },
      { path: '/channels/sync', icon: <SyncOutlined />, label: 'channels.nav.sync' },
      { path: '/channels', icon: <ShopOutlined />, label: 'channels.title' },
    ],
  },
  {
    key: 'shipping',
    label: 'shipping.nav.group',
    entries: [
      { path: '/shipping', icon: <CarOutlined />, label: 'shipping.nav.list' },
      { path: '/shipping/settings', icon: <ControlOutlined />, label: 'shipping.nav.settings' },
    ],
  },
  {
    key: 'analytics',
    label: 'analytics.nav.group',
    entries: [
      { path: '/analytics', icon: <DashboardOutlined />, label: 'analytics.nav.dashboard' },
      { path: '/analytics/sales', icon: <LineChartOutlined />, label: 'analytics.nav.sales' },
      { path: '/analytics/staff', icon: <TrophyOutlined />, label: 'analytics.nav.staff' },
      { path: '/analytics/products', icon: <BarChartOutlined />, label: 'analytics.nav.products' },
      { path: '/analytics/inventory', icon: <FundOutlined />, label: 'analytics.nav.inventory' },
      { path: '/analytics/targets', icon: <AimOutlined />, label: 'analytics.nav.targets' },
      { path: '/analytics/settings', icon: <SlidersOutlined />, label: 'analytics.nav.settings' },
    ],
  },
  {
    key: 'admin',
    label: 'nav.groupAdmin',
    entries: [
      { path: '/users', icon: <UserOutlined />, label: 'nav.users' },
      { path: '/roles', icon: <SafetyCertificateOutlined />, label: 'nav.roles' },
      { path: '/audit', icon: <AuditOutlined />, label: 'nav.audit' },
    ],
  },
];

type MenuItem = NonNullable<MenuProps['items']>[number];

const MENU_PATHS = MENU.flatMap((group) => group.entries.map((entry) => entry.path));

/** Menu entries of the screens the user may open; a group left without entries is dropped. */
function useMenuItems(): MenuProps['items'] {
  const { t } = useTranslation();
  const { user } = useAuth();
  return MENU.flatMap((group): MenuItem[] => {
    const entries = group.entries
      .filter((entry) => meetsRequirement(user, permissionOf(entry.path)))
      .map((entry) => ({ key: entry.path, icon: entry.icon, label: <MenuLink to={entry.path}>{t(entry.label)}</MenuLink> }));
    if (entries.length === 0) return [];
    if (group.label === undefined) return entries;
    return [{ type: 'group' as const, key: group.key, label: t(group.label), children: entries }];
  });
}

/** Menu keys are the paths they open; the longest key that prefixes the path is selected. */
function selectedKey(pathname: string): string | undefined {
  return MENU_PATHS.filter((key) => pathname === key || pathname.startsWith(`${key}/`)).sort((a, b) => b.length - a.length)[0];
}

/** Renders the signed-in user's name as a button that opens a menu with the profile and sign-out. */
function UserMenu({ showName }: { showName: boolean }) {
  const { t } = useTranslation();
  const { user, signOut } = useAuth();
  const name = user?.displayName || user?.email;
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          { key: 'profile', icon: <IdcardOutlined />, label: <span data-testid="menu-profile">{t('nav.profile')}</span> },
          { type: 'divider' },
          { key: 'sign-out', icon: <LogoutOutlined />, label: <span data-testid="sign-out">{t('auth.signOut')}</span> },
        ],
        onClick: ({ key }) => {
          if (key === 'profile') navigate('/profile');
          if (key === 'sign-out') void signOut();
        },
      }}
    >
      <Button icon={<UserOutlined />} aria-label={t('nav.userMenu', { name })} data-testid="user-menu">
        {showName ? name : null}
      </Button>
    </Dropdown>
  );
}

/**
 * Renders the frame of every signed-in screen. The side menu becomes a drawer below Ant
 * Design's xl breakpoint (1200 px), so that a tablet keeps the full width for its tables
 * in landscape too.
 */
export function AppLayout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const screens = Grid.useBreakpoint();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const items = useMenuItems();
  const wide = screens.xl ?? true;
  const selected = selectedKey(pathname);

  const menu = (
    <Menu
      mode="inline"
      items={items}
      selectedKeys={selected ? [selected] : []}
      onClick={({ key }) => {
        setDrawerOpen(false);
        navigate(key);
      }}
      style={{ borderInlineEnd: 'none' }}
      data-testid="side-menu"
    />
  );

  return (
    <Layout style={{ minHeight: '100%' }}>
      {wide && (
        <Sider width={220} theme="light" style={{ borderInlineEnd: '1px solid #f0f0f0' }}>
          <div style={{ padding: '16px 24px', fontWeight: 600, fontSize: 18 }}>
            <ShopOutlined /> tsunagu
          </div>
          {menu}
        </Sider>
      )}
      {!wide && (
        <Drawer placement="left" open={drawerOpen} onClose={() => setDrawerOpen(false)} size={260} title="tsunagu" styles={{ body: { padding: 0 } }}>
          {menu}
        </Drawer>
      )}
      {/* minWidth 0 lets a wide table scroll inside the page instead of widening it past the window. */}
      <Layout style={{ minWidth: 0 }}>
        <Header style={{ background: '#fff', paddingInline: 16, display: 'flex', alignItems: 'center', gap: 12, borderBottom: '1px solid #f0f0f0' }}>
          {!wide && <Button icon={<MenuOutlined />} aria-label={t('nav.openMenu')} onClick={() => setDrawerOpen(true)} data-testid="menu-button" />}
          <div style={{ flex: 1 }} />
          <Space size="middle" wrap={false}>
            <LanguageSwitch />
            <UserMenu showName={screens.md ?? true} />
          </Space>
        </Header>
        <Content style={{ padding: screens.md ? 24 : 12 }}>
          <ReferenceDataProvider>{children}</ReferenceDataProvider>
        </Content>
      </Layout>
    </Layout>
  );
}
