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
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth/AuthContext.js';
import { ReferenceDataProvider } from '../data/ReferenceData.js';
import { navigate, useLocation } from '../lib/router.js';
import { LanguageSwitch } from './LanguageSwitch.js';

const { Header, Sider, Content } = Layout;

/** Menu keys are the paths they open; the longest key that prefixes the path is selected. */
function useMenuItems(): MenuProps['items'] {
  const { t } = useTranslation();
  return [
    { key: '/items', icon: <AppstoreOutlined />, label: t('nav.items') },
    {
      type: 'group',
      key: 'purchasing',
      label: t('nav.groupPurchasing'),
      children: [
        { key: '/purchases/new', icon: <ShoppingCartOutlined />, label: t('nav.purchaseEntry') },
        { key: '/purchases', icon: <UnorderedListOutlined />, label: t('nav.purchases') },
        { key: '/supplier-returns', icon: <RollbackOutlined />, label: t('nav.supplierReturns') },
        { key: '/secondhand-ledger', icon: <BookOutlined />, label: t('nav.secondhandLedger') },
      ],
    },
    {
      type: 'group',
      key: 'stock',
      label: t('nav.groupStock'),
      children: [
        { key: '/transfers', icon: <SwapOutlined />, label: t('nav.transfers') },
        { key: '/write-offs', icon: <DeleteOutlined />, label: t('nav.writeOffs') },
        { key: '/split', icon: <ScissorOutlined />, label: t('nav.split') },
        { key: '/combine', icon: <MergeCellsOutlined />, label: t('nav.combine') },
        { key: '/import', icon: <ImportOutlined />, label: t('nav.csv') },
      ],
    },
    {
      type: 'group',
      key: 'settings',
      label: t('nav.groupSettings'),
      children: [
        { key: '/locations', icon: <EnvironmentOutlined />, label: t('nav.locations') },
        { key: '/suppliers', icon: <TeamOutlined />, label: t('nav.suppliers') },
        { key: '/company', icon: <BankOutlined />, label: t('nav.company') },
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
      <Layout>
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
