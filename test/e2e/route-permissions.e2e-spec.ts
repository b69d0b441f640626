import { Person, ROLES, Role } from '../../src/people/person.entity';
import { makeOrganisation, makeSignedIn, signIn } from '../factories';
import { ROUTE_ACCESS, RouteAccess } from '../support/route-access';
import { createTestApp, TestApp } from '../support/test-app';
import { cookieHeader, openForm } from '../support/web-form';

interface Route {
  method: string;
  path: string;
}

interface ExpressLayer {
  route?: { path: string; methods: Record<string, boolean> };
}

/** Every route the HTTP server really serves, read from Express's router. */
function registeredRoutes(t: TestApp): Route[] {
  const express = t.app.getHttpAdapter().getInstance() as { router: { stack: ExpressLayer[] } };
  return express.router.stack
    .filter((layer) => layer.route && !layer.route.path.startsWith('/api/docs'))
    .flatMap((layer) =>
      Object.keys(layer.route!.methods)
        .filter((method) => method !== '_all')
        .map((method) => ({ method: method.toUpperCase(), path: layer.route!.path })),
    );
}

const FAKE_ID = '00000000-0000-4000-8000-000000000000';

/** Web pages send a person without a sign-in to the sign-in page instead of answering 401. */
function isApiRoute(path: string): boolean {
  return path.startsWith('/api/');
}

function refusedSignIn(route: Route, res: { status: number; headers: Record<string, unknown> }): boolean {
  if (isApiRoute(route.path)) return res.status === 401;
  return res.status === 303 && String(res.headers.location).startsWith('/sign-in');
}

function allowedRoles(access: RouteAccess): Role[] | 'public' {
  if (access === 'public') return 'public';
  if (access === 'signed-in') return [...ROLES];
  return Array.isArray(access) ? access : access.roles;
}

describe('route permissions: every route, every role', () => {
  let t: TestApp;
  const people = {} as Record<Role, Person>;
  const tokens = {} as Record<Role, string>;

  beforeAll(async () => {
    t = await createTestApp();
    const organisation = await makeOrganisation(t.dataSource);
    for (const role of ROLES) people[role] = (await makeSignedIn(t.dataSource, organisation.id, [role])).person;
  });
  afterAll(() => t.close());

  it('every registered route has an access expectation, and every expectation a route', () => {
    const keys = registeredRoutes(t).map((r) => `${r.method} ${r.path}`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.filter((k) => !(k in ROUTE_ACCESS))).toEqual([]);
    expect(Object.keys(ROUTE_ACCESS).filter((k) => !keys.includes(k))).toEqual([]);
  });

  it('the guard lets exactly the expected roles through, and nobody without a token', async () => {
    const mismatches: string[] = [];
    for (const route of registeredRoutes(t)) {
      const key = `${route.method} ${route.path}`;
      const access = ROUTE_ACCESS[key];
      if (!access) continue;
      // Logout revokes the caller's token, so every route is called with fresh ones.
      for (const role of ROLES) tokens[role] = await signIn(t.dataSource, people[role]);
      const url = route.path.replace(/:[A-Za-z]+/g, FAKE_ID) + (typeof access === 'object' && 'query' in access ? access.query : '');
      // API routes are called with a bearer token; page routes as a browser does, with the
      // session cookie and, for a form, the CSRF token of a page it opened first.
      const call = async (token?: string) => {
        const req = t.http[route.method.toLowerCase() as 'get'](url);
        if (isApiRoute(route.path)) return token ? req.set('Authorization', `Bearer ${token}`) : req;
        if (route.method === 'GET') return req.set('Cookie', token ? `tt_session=${token}` : '');
        const form = await openForm(t.http, token ? '/signed-out' : '/sign-in', token);
        return req.set('Cookie', cookieHeader(form.jar)).type('form').send({ _csrf: form.csrf });
      };
      const allowed = allowedRoles(access);
      if (allowed === 'public') {
        const res = await call();
        if (res.status === 403 || refusedSignIn(route, res)) mismatches.push(`${key} anonymous: ${res.status}, expected public`);
        continue;
      }
      const anonymous = await call();
      if (!refusedSignIn(route, anonymous)) mismatches.push(`${key} anonymous: ${anonymous.status}, expected a refused sign-in`);
      for (const role of ROLES) {
        const res = await call(tokens[role]);
        const passed = res.status !== 403 && !refusedSignIn(route, res);
        if (allowed.includes(role) !== passed) {
          mismatches.push(`${key} as ${role}: ${res.status}, expected ${allowed.includes(role) ? 'allowed' : '403'}`);
        }
        if (res.status >= 500) mismatches.push(`${key} as ${role}: ${res.status}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});
