import { App } from 'antd';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, onUnauthenticated, setCsrfToken } from '../api/client.js';
import type { SessionResponse, SessionUser } from '../api/types.js';
import { i18n, rememberLocale } from '../i18n/index.js';
import type { Locale } from '../lib/format.js';
import { hasPermission, type Permission } from './permissions.js';

type AuthStatus = 'loading' | 'signedOut' | 'signedIn' | 'unreachable';

interface AuthContextValue {
  status: AuthStatus;
  user: SessionUser | undefined;
  signIn: (email: string, password: string) => Promise<void>;
  signOut: () => Promise<void>;
  /** Ends every session of the user, on all devices, this one included. */
  signOutEverywhere: () => Promise<void>;
  /** Takes the session a profile change returned, so that the screens show the new name and language. */
  applySession: (session: SessionResponse) => Promise<void>;
  /** Switches the screen language and, when signed in, stores it for the user. */
  changeLocale: (locale: Locale) => Promise<void>;
  retry: () => void;
}

const AuthContext = createContext<AuthContextValue | null>(null);

/** Returns a check of the signed-in user's permissions; owners hold them all. */
export function useCan(): (permission: Permission) => boolean {
  const { user } = useAuth();
  return useCallback((permission: Permission) => hasPermission(user, permission), [user]);
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth must be used inside AuthProvider');
  return value;
}

async function applyLocale(locale: Locale): Promise<void> {
  rememberLocale(locale);
  if (i18n.language !== locale) await i18n.changeLanguage(locale);
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<AuthStatus>('loading');
  const [user, setUser] = useState<SessionUser>();
  const [attempt, setAttempt] = useState(0);
  const { message } = App.useApp();
  const { t } = useTranslation();

  const startSession = useCallback(async (session: SessionResponse) => {
    setCsrfToken(session.csrfToken);
    await applyLocale(session.user.locale);
    setUser(session.user);
    setStatus('signedIn');
  }, []);

  const endSession = useCallback(() => {
    setCsrfToken(null);
    setUser(undefined);
    setStatus('signedOut');
  }, []);

  useEffect(() => {
    let cancelled = false;
    setStatus('loading');
    api
      .get<SessionResponse>('/api/auth/session')
      .then((session) => (cancelled ? undefined : startSession(session)))
      .catch((error: unknown) => {
        if (cancelled) return;
        if (error instanceof ApiError && error.status === 401) endSession();
        else setStatus('unreachable');
      });
    return () => {
      cancelled = true;
    };
  }, [attempt, startSession, endSession]);

  useEffect(() => {
    onUnauthenticated(() => {
      endSession();
      void message.warning(t('auth.sessionExpired'));
    });
    return () => onUnauthenticated(null);
  }, [endSession, message, t]);

  const value = useMemo<AuthContextValue>(
    () => ({
      status,
      user,
      signIn: async (email, password) => {
        const session = await api.post<SessionResponse>('/api/auth/login', { email, password });
        await startSession(session);
      },
      signOut: async () => {
        try {
          await api.post<void>('/api/auth/logout');
        } finally {
          endSession();
        }
      },
      signOutEverywhere: async () => {
        await api.post<void>('/api/auth/logout-everywhere');
        endSession();
      },
      applySession: startSession,
      changeLocale: async (locale) => {
        if (status === 'signedIn') {
          await api.put<void>('/api/auth/locale', { locale });
          setUser((current) => (current ? { ...current, locale } : current));
        }
        await applyLocale(locale);
      },
      retry: () => setAttempt((a) => a + 1),
    }),
    [status, user, startSession, endSession],
  );

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
