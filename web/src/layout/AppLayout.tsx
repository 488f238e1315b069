import {
  AppstoreOutlined,
  BankOutlined,
  BookOutlined,
  DeleteOutlined,
  EnvironmentOutlined,
  ImportOutlined,
  LogoutOutlined,
  MenuOutlined,
  MergeCellsOutlined,
  RollbackOutlined,
  ScissorOutlined,
  ShopOutlined,
  ShoppingCartOutlined,
  SwapOutlined,
  TeamOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import { Button, Drawer, Grid, Layout, Menu, Space, Typography, type MenuProps } from 'antd';
import { useState, type MouseEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth/AuthContext.js';
import { ReferenceDataProvider } from '../data/ReferenceData.js';
import { navigate, useLocation } from '../lib/router.js';
import { LanguageSwitch } from './LanguageSwitch.js';

const { Header, Sider, Content } = Layout;

/** Menu keys are the paths they open; the longest key that prefixes the path is selected. */
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

function useMenuItems(): MenuProps['items'] {
  const { t } = useTranslation();
  return [
    { key: '/items', icon: <AppstoreOutlined />, label: <MenuLink to="/items">{t('nav.items')}</MenuLink> },
    {
      type: 'group',
      key: 'purchasing',
      label: t('nav.groupPurchasing'),
      children: [
        { key: '/purchases/new', icon: <ShoppingCartOutlined />, label: <MenuLink to="/purchases/new">{t('nav.purchaseEntry')}</MenuLink> },
        { key: '/purchases', icon: <UnorderedListOutlined />, label: <MenuLink to="/purchases">{t('nav.purchases')}</MenuLink> },
        { key: '/supplier-returns', icon: <RollbackOutlined />, label: <MenuLink to="/supplier-returns">{t('nav.supplierReturns')}</MenuLink> },
        { key: '/secondhand-ledger', icon: <BookOutlined />, label: <MenuLink to="/secondhand-ledger">{t('nav.secondhandLedger')}</MenuLink> },
      ],
    },
    {
      type: 'group',
      key: 'stock',
      label: t('nav.groupStock'),
      children: [
        { key: '/transfers', icon: <SwapOutlined />, label: <MenuLink to="/transfers">{t('nav.transfers')}</MenuLink> },
        { key: '/write-offs', icon: <DeleteOutlined />, label: <MenuLink to="/write-offs">{t('nav.writeOffs')}</MenuLink> },
        { key: '/split', icon: <ScissorOutlined />, label: <MenuLink to="/split">{t('nav.split')}</MenuLink> },
        { key: '/combine', icon: <MergeCellsOutlined />, label: <MenuLink to="/combine">{t('nav.combine')}</MenuLink> },
        { key: '/import', icon: <ImportOutlined />, label: <MenuLink to="/import">{t('nav.csv')}</MenuLink> },
      ],
    },
    {
      type: 'group',
      key: 'settings',
      label: t('nav.groupSettings'),
      children: [
        { key: '/locations', icon: <EnvironmentOutlined />, label: <MenuLink to="/locations">{t('nav.locations')}</MenuLink> },
        { key: '/suppliers', icon: <TeamOutlined />, label: <MenuLink to="/suppliers">{t('nav.suppliers')}</MenuLink> },
        { key: '/company', icon: <BankOutlined />, label: <MenuLink to="/company">{t('nav.company')}</MenuLink> },
      ],
    },
  ];
}

const MENU_PATHS = ['/items', '/purchases/new', '/purchases', '/supplier-returns', '/secondhand-ledger', '/transfers', '/write-offs', '/split', '/combine', '/import', '/locations', '/suppliers', '/company'];

function selectedKey(pathname: string): string | undefined {
  return MENU_PATHS.filter((key) => pathname === key || pathname.startsWith(`${key}/`)).sort((a, b) => b.length - a.length)[0];
}

/**
 * Renders the frame of every signed-in screen. The side menu becomes a drawer below Ant
 * Design's xl breakpoint (1200 px), so that a tablet keeps the full width for its tables
 * in landscape too.
 */
export function AppLayout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { user, signOut } = useAuth();
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
            {screens.md && <Typography.Text type="secondary">{user?.displayName || user?.email}</Typography.Text>}
            <Button icon={<LogoutOutlined />} onClick={() => void signOut()} data-testid="sign-out">
              {screens.md ? t('auth.signOut') : null}
            </Button>
          </Space>
        </Header>
        <Content style={{ padding: screens.md ? 24 : 12 }}>
          <ReferenceDataProvider>{children}</ReferenceDataProvider>
        </Content>
      </Layout>
    </Layout>
  );
}
