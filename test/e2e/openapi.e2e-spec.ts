import { ROUTE_ACCESS } from '../support/route-access';
import { createTestApp, TestApp } from '../support/test-app';

interface Operation {
  responses: Record<string, { content?: Record<string, unknown> }>;
  requestBody?: unknown;
  security?: unknown[];
}

/** '/api/people/:id' (Express) → '/api/people/{id}' (OpenAPI). */
const toOpenApiPath = (path: string) => path.replace(/:([A-Za-z]+)/g, '{$1}');

describe('OpenAPI document', () => {
  let t: TestApp;
  let paths: Record<string, Record<string, Operation>>;

  beforeAll(async () => {
    t = await createTestApp();
    paths = (await t.http.get('/api/docs-json').expect(200)).body.paths;
  });
  afterAll(() => t.close());

  const routes = () =>
    Object.entries(ROUTE_ACCESS)
      .map(([key, access]) => {
        const [method, path] = key.split(' ');
        return { key, method: method.toLowerCase(), path, access };
      })
      // Web pages are HTML for people, not part of the JSON API.
      .filter((route) => route.path.startsWith('/api/'));

  it('describes every API route the service serves', () => {
    const missing = routes().filter((r) => !paths[toOpenApiPath(r.path)]?.[r.method]).map((r) => r.key);
    expect(missing).toEqual([]);
  });

  it('documents a success answer for every operation, and 401 for every signed-in one', () => {
    const gaps: string[] = [];
    for (const route of routes()) {
      const operation = paths[toOpenApiPath(route.path)]?.[route.method];
      if (!operation) continue;
      const statuses = Object.keys(operation.responses);
      if (!statuses.some((s) => s.startsWith('2'))) gaps.push(`${route.key}: no 2xx`);
      if (route.access !== 'public' && !statuses.includes('401')) gaps.push(`${route.key}: no 401`);
    }
    expect(gaps).toEqual([]);
  });

  it('documents the body of every operation that takes one', () => {
    const gaps = routes()
      .filter((r) => ['put', 'patch'].includes(r.method))
      .filter((r) => !paths[toOpenApiPath(r.path)]?.[r.method]?.requestBody)
      .map((r) => r.key);
    expect(gaps).toEqual([]);
  });

  it('declares problem details as the error media type', () => {
    const gaps: string[] = [];
    for (const route of routes()) {
      const operation = paths[toOpenApiPath(route.path)]?.[route.method];
      for (const [status, response] of Object.entries(operation?.responses ?? {})) {
        if (status.startsWith('4') && !response.content?.['application/problem+json']) gaps.push(`${route.key} ${status}`);
      }
    }
    expect(gaps).toEqual([]);
  });
});
