import { z } from 'zod';
import { SESSION_COOKIE } from '../../server/auth-hook.js';
import { currentUser, type App, type AppDeps } from '../../server/types.js';
import { auditActor } from '../audit/http.js';
import { changePassword, updateProfile } from './profile.js';
import { endAllSessions, login, logout, setUserLocale, SESSION_IDLE_MS } from './service.js';

const sessionResponse = z.object({
  user: z.object({
    id: z.number(),
    email: z.string(),
    displayName: z.string(),
    locale: z.enum(['ja', 'en']),
    isOwner: z.boolean(),
    role: z.string(),
    permissions: z.array(z.string()),
    scope: z.object({
      all: z.boolean().describe('True when the user may act at every location'),
      locationIds: z.array(z.number()).readonly().describe('Locations the user may act at when `all` is false'),
      seesOtherLocations: z.boolean().describe('True when stock levels at other locations may be shown'),
    }),
    defaultLocationId: z.number().nullable(),
  }),
  csrfToken: z.string(),
});

export async function authRoutes(app: App, { db, config }: AppDeps): Promise<void> {
  app.post(
    '/api/auth/login',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Sign in; sets the session cookie and returns the CSRF token',
        body: z.object({ email: z.string().trim().min(1).max(254), password: z.string().min(1).max(1024) }),
        response: { 200: sessionResponse },
      },
    },
    async (request, reply) => {
      const { token, session } = await login(db, request.body.email, request.body.password, request.ip, auditActor(request));
      request.log.info({ userId: session.user.id }, 'signed in');
      void reply.setCookie(SESSION_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: config.secureCookies,
        maxAge: SESSION_IDLE_MS / 1000,
      });
      return { user: session.user, csrfToken: session.csrfToken };
    },
  );

  app.post(
    '/api/auth/logout',
    {
      config: { permission: 'session' },
      schema: { tags: ['auth'], summary: 'Sign out and end the session', response: { 204: z.null() } } },
    async (request, reply) => {
      await logout(db, request.session!.sessionId, auditActor(request));
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/auth/logout-everywhere',
    {
      config: { permission: 'session' },
      schema: { tags: ['auth'], summary: "Sign out on every device: end all of the user's sessions", response: { 204: z.null() } },
    },
    async (request, reply) => {
      const ended = await endAllSessions(db, currentUser(request).id, auditActor(request));
      request.log.info({ userId: currentUser(request).id, ended }, 'signed out everywhere');
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/auth/session',
    {
      config: { permission: 'session' },
      schema: { tags: ['auth'], summary: 'The signed-in user and CSRF token', response: { 200: sessionResponse } } },
    async (request) => ({ user: currentUser(request), csrfToken: request.session!.csrfToken }),
  );

  app.put(
    '/api/auth/locale',
    {
      config: { permission: 'session' },
      schema: {
        tags: ['auth'],
        summary: "Store the signed-in user's language",
        body: z.object({ locale: z.enum(['ja', 'en']) }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await setUserLocale(db, currentUser(request).id, request.body.locale, auditActor(request));
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/api/auth/profile',
    {
      config: { permission: 'session' },
      schema: {
        tags: ['auth'],
        summary: "Change the signed-in user's name, language or default location; returns the session",
        body: z.object({
          displayName: z.string().trim().min(1).max(100).optional(),
          locale: z.enum(['ja', 'en']).optional(),
          defaultLocationId: z.number().int().positive().nullable().optional(),
        }),
        response: { 200: sessionResponse },
      },
    },
    async (request) => {
      const user = await db.transaction().execute((trx) => updateProfile(trx, currentUser(request), request.body, auditActor(request)));
      return { user, csrfToken: request.session!.csrfToken };
    },
  );

  app.post(
    '/api/auth/password',
    {
      config: { permission: 'session' },
      schema: {
        tags: ['auth'],
        summary: "Change the signed-in user's password; ends the user's other sessions",
        body: z.object({ currentPassword: z.string().min(1).max(1024), newPassword: z.string().min(1).max(1024) }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await changePassword(db, request.session!, request.body, request.ip, auditActor(request));
      request.log.info({ userId: currentUser(request).id }, 'password changed');
      return reply.status(204).send(null);
    },
  );
}
