import { expect, it } from 'vitest';
import { useSignedInApp } from '../../test/helpers/app.js';
import { describeEachDatabase } from '../../test/helpers/database.js';

const PUBLIC_ROUTES = new Set(['GET /api/health', 'POST /api/auth/login']);

describeEachDatabase('route guard', (database) => {
  const { app, api } = useSignedInApp(database);

  it('every api route needs a session', async () => {
    const document = (await app().inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const routes = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path })),
    );
    expect(routes.length).toBeGreaterThan(20);

    for (const { method, path } of routes) {
      const key = `${method} ${path}`;
      if (PUBLIC_ROUTES.has(key)) continue;
      const url = path.replace(/\{[^}]+\}/g, '1');
      const response = await app().inject({ method: method as 'GET', url, payload: method === 'GET' ? undefined : {} });
      expect(response.statusCode, key).toBe(401);
    }
  });

  it('state changes need the csrf token', async () => {
    const response = await api().request('POST', '/api/locations', { code: 'CSRF1', name: 'x', kind: 'store' }, { 'x-csrf-token': '' });
    expect(response.statusCode).toBe(403);
  });

  it('unknown api route is a json 404', async () => {
    const response = await api().get('/api/no-such-thing');
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('route_not_found');
  });

  it('responses carry security headers', async () => {
    const response = await app().inject({ method: 'GET', url: '/api/health' });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['x-request-id']).toBeTruthy();
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
  });
});
