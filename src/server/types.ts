import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import type { DatabaseKind } from '../db/dialect.js';
import type { ActiveSession, SessionUser } from '../modules/auth/service.js';
import type { Locale } from '../shared/errors.js';
import type { Permission, RoutePermission } from '../modules/access/permissions.js';

/** The Fastify instance every module registers its routes on, typed by zod schemas. */
export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** Dependencies of the route modules: the database and the settings, nothing global. */
export interface AppDeps {
  db: Db;
  databaseKind: DatabaseKind;
  config: Config;
}

/** One API route and what it requires, as registered. */
export interface RouteTableEntry {
  method: string;
  url: string;
  public: boolean;
  permission: RoutePermission | undefined;
  /** Permissions the handler checks besides `permission` (see FastifyContextConfig). */
  alsoRequires: readonly Permission[];
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every API route with its declared permission, for the route guard test. */
    routeTable: RouteTableEntry[];
  }
  interface FastifyRequest {
    locale: Locale;
    session: ActiveSession | undefined;
  }
  interface FastifyContextConfig {
    /** Reachable without signing in (health, OpenAPI, login). */
    public?: boolean;
    /** Permission the signed-in user needs; buildApp rejects an API route that declares none. */
    permission?: RoutePermission;
    /**
     * Further permissions the handler itself checks, after recording the refused attempt
     * (a personal-data export needs data.export too). Listed so the route table and its
     * tests know them.
     */
    alsoRequires?: readonly Permission[];
    /**
     * The responses hold no money, so cost hiding leaves them alone: the photo studio's
     * `margin` is white space around a piece, not a gross margin.
     */
    noCostFields?: boolean;
  }
}

/** The signed-in user; call only in routes that are not public, where the hook guarantees one. */
export function currentUser(request: { session: ActiveSession | undefined }): SessionUser {
  if (!request.session) throw new Error('currentUser called on a request without a session');
  return request.session.user;
}
