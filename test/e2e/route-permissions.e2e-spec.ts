import { Person, ROLES, Role } from '../../src/people/person.entity';
import { makeOrganisation, makeSignedIn, signIn } from '../factories';
import { ROUTE_ACCESS, RouteAccess } from '../support/route-access';
import { createTestApp, TestApp } from '../support/test-app';

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
      const call = (token?: string) => {
        const req = t.http[route.method.toLowerCase() as 'get'](url);
        return token ? req.set('Authorization', `Bearer ${token}`) : req;
      };
      const allowed = allowedRoles(access);
      if (allowed === 'public') {
        const res = await call();
        if ([401, 403].includes(res.status)) mismatches.push(`${key} anonymous: ${res.status}, expected public`);
        continue;
      }
      const anonymous = await call();
      if (anonymous.status !== 401) mismatches.push(`${key} anonymous: ${anonymous.status}, expected 401`);
      for (const role of ROLES) {
        const res = await call(tokens[role]);
        const passed = ![401, 403].includes(res.status);
        if (allowed.includes(role) !== passed) {
          mismatches.push(`${key} as ${role}: ${res.status}, expected ${allowed.includes(role) ? 'allowed' : '403'}`);
        }
        if (res.status >= 500) mismatches.push(`${key} as ${role}: ${res.status}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});
