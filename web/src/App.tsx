import { App as AntApp, Button, ConfigProvider, Result, Spin } from 'antd';
import enUSModule from 'antd/locale/en_US.js';
import jaJPModule from 'antd/locale/ja_JP.js';
import dayjs from 'dayjs';
import 'dayjs/locale/ja.js';
import { Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { AuthProvider, useAuth } from './auth/AuthContext.js';
import { missingPermissions } from './auth/permissions.js';
import { SignInPage } from './auth/SignInPage.js';
import { NoPermission } from './components/NoPermission.js';
import { AppLayout } from './layout/AppLayout.js';
import { findRoute, homePath } from './routes.js';
import { navigate, useLocation } from './lib/router.js';

type AntLocale = typeof jaJPModule.default;

/**
 * Ant Design ships its locales as CommonJS. TypeScript (NodeNext) sees the module object,
 * while the bundler already hands over its default export, so accept either shape.
 */
function antLocale(module: { default: AntLocale }): AntLocale {
  return (module as { default?: AntLocale }).default ?? (module as unknown as AntLocale);
}

const jaJP = antLocale(jaJPModule);
const enUS = antLocale(enUSModule);

// System fonts only: the UI never downloads a font.
const FONT_FAMILY =
  '-apple-system, BlinkMacSystemFont, "Hiragino Sans", "Hiragino Kaku Gothic ProN", "Noto Sans JP", "Noto Sans CJK JP", "Yu Gothic UI", Meiryo, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

function Screens() {
  const { status, retry, user } = useAuth();
  const { pathname } = useLocation();
  const { t } = useTranslation();
  const home = homePath(user);

  useEffect(() => {
    if (status === 'signedIn' && pathname === '/') navigate(home, { replace: true });
  }, [status, pathname, home]);

  if (status === 'loading') {
    return (
      <div style={{ display: 'grid', placeItems: 'center', height: '100%' }}>
        <Spin size="large" />
      </div>
    );
  }
  if (status === 'unreachable') {
    return (
      <Result
        status="warning"
        title={t('errors.serverUnreachable')}
        subTitle={t('errors.serverUnreachableHint')}
        extra={<Button onClick={retry}>{t('common.retry')}</Button>}
      />
    );
  }
  if (status === 'signedOut') return <SignInPage />;

  const match = findRoute(pathname);
  const Page = match?.route.component;
  // A screen the user may not open is not loaded at all, so its API calls are never made.
  const missing = missingPermissions(user, match?.route.permission);
  let content;
  if (!Page) content = <Result status="404" title={t('errors.pageNotFound')} extra={<Button onClick={() => navigate(home)}>{t('access.goHome')}</Button>} />;
  else if (missing.length > 0) content = <NoPermission anyOf={missing} homePath={home} />;
  else content = <Page params={match.params} />;

  return (
    <AppLayout>
      <Suspense fallback={<Spin style={{ display: 'block', margin: '64px auto' }} />}>{content}</Suspense>
    </AppLayout>
  );
}

/** Providers (Ant Design locale and theme, messages, session) around the screens. */
export function Root() {
  const { i18n } = useTranslation();
  const locale = i18n.language === 'en' ? 'en' : 'ja';

  useEffect(() => {
    dayjs.locale(locale === 'ja' ? 'ja' : 'en');
  }, [locale]);

  return (
    <ConfigProvider
      locale={locale === 'ja' ? jaJP : enUS}
      theme={{ token: { fontFamily: FONT_FAMILY, colorPrimary: '#8a5a44' } }}
      // Keeps "保存" as written; the inserted space would also change the button's accessible name.
      button={{ autoInsertSpace: false }}
    >
      <AntApp style={{ height: '100%' }}>
        <AuthProvider>
          <Screens />
        </AuthProvider>
      </AntApp>
    </ConfigProvider>
  );
}
