import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyBaseLogger } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { currentMigration } from '../db/migrate.js';
import { commonErrors } from '../shared/errors.js';
import { registerAuditFallback } from './audit-fallback.js';
import { createAuthHook, permissionHook } from './auth-hook.js';
import { registerCostHiding } from './cost-hiding.js';
import { handleError } from './errors.js';
import { ROUTE_MODULES } from './routes.js';
import type { App, AppDeps, RouteTableEntry } from './types.js';
import type { Permission, RoutePermission } from '../modules/access/permissions.js';
import { zodValidatorCompiler } from './validation.js';

export interface BuildAppOptions extends AppDeps {
  logger: FastifyBaseLogger | false;
  /** Folder of the built web UI; the UI is not served when it does not exist. */
  webRoot?: string;
}

const WEB_ROOT = path.resolve(import.meta.dirname, '../../web/dist');

export async function buildApp(options: BuildAppOptions): Promise<App> {
  const app = Fastify({
    loggerInstance: options.logger === false ? undefined : options.logger,
    logger: options.logger === false ? false : undefined,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    // CSV uploads arrive base64-encoded inside JSON, so 50 MiB admits files of about 37 MiB.
    bodyLimit: 50 * 1024 * 1024,
    trustProxy: false,
    // One line per request is logged by the onResponse hook below instead.
    logController: new LogController({ disableRequestLogging: true }),
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(zodValidatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  app.decorateRequest('locale', 'ja');
  app.decorateRequest('session', undefined);

  app.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
    void reply.header('x-content-type-options', 'nosniff');
    void reply.header('x-frame-options', 'DENY');
    void reply.header('referrer-policy', 'same-origin');
    // Scripts only from this server. Ant Design injects its styles at run time, hence
    // 'unsafe-inline' for styles; product photos may live on a shop's own image host.
    void reply.header(
      'content-security-policy',
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: https:; " +
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'",
    );
  });

  // Every API route must declare the permission it needs, so a route added without one
  // stops the server from starting rather than being open to every signed-in user.
  const routeTable: RouteTableEntry[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    const config = route.config as { public?: boolean; permission?: RoutePermission; alsoRequires?: readonly Permission[] } | undefined;
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      routeTable.push({ method, url: route.url, public: config?.public === true, permission: config?.permission, alsoRequires: config?.alsoRequires ?? [] });
    }
    if (config?.public || config?.permission) return;
    throw new Error(`Route ${String(route.method)} ${route.url} declares no permission: add config.permission`);
  });

  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'tsunagu API', version: '0.1.0', description: 'Back office for jewelry retailers' },
    },
    transform: jsonSchemaTransform,
  });
  // onRequest, before body validation, so validation messages use the user's language too.
  app.addHook('onRequest', createAuthHook(options.db));
  app.addHook('preValidation', permissionHook);
  // Cost fields leave JSON responses only for users with 'cost.view'.
  registerCostHiding(app);
  // A state-changing request that succeeds without an audit event, or is rejected with 403,
  // still leaves one in the trail.
  registerAuditFallback(app, options.db);
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        url: request.url,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
        userId: request.session?.user.id,
      },
      'request',
    );
  });

  app.get(
    '/api/health',
    {
      config: { public: true },
      schema: {
        tags: ['system'],
        summary: 'Liveness with the database kind and migration version',
        response: { 200: z.object({ status: z.literal('ok'), database: z.enum(['sqlite', 'postgres']), migration: z.string().nullable() }) },
      },
    },
    async () => ({ status: 'ok' as const, database: options.databaseKind, migration: await currentMigration(options.db) }),
  );

  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  for (const register of ROUTE_MODULES) {
    await register(app, options);
  }

  const webRoot = options.webRoot ?? WEB_ROOT;
  const servesWeb = existsSync(webRoot);
  app.setNotFoundHandler(async (request, reply) => {
    if (request.url.startsWith('/api/')) {
      return reply.status(404).send({
        error: {
          code: 'route_not_found',
          message: commonErrors.not_found({ entity: 'API', id: `${request.method} ${request.url}` }).messageIn(request.locale),
          requestId: request.id,
        },
      });
    }
    // Client-side routes of the single-page UI all load index.html. sendFile exists only when
    // the web folder was there at start, so a UI built later needs a restart to be served.
    if (servesWeb && existsSync(path.join(webRoot, 'index.html'))) return reply.sendFile('index.html');
    return reply.status(404).type('text/plain').send('The web UI is not built. Run `npm run build`, then restart the server.');
  });

  if (servesWeb) {
    // wildcard: files are looked up per request, so a rebuilt UI is served without a restart.
    await app.register(fastifyStatic, {
      root: webRoot,
      wildcard: true,
      index: ['index.html'],
      cacheControl: false,
      setHeaders: (reply, filePath) => {
        // Vite puts a content hash in every asset name, so those never change; the page
        // itself must be revalidated to pick up a new build.
        const immutable = filePath.includes(`${path.sep}assets${path.sep}`);
        void reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }

  return app;
}
