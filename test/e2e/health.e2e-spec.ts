import { createTestApp, TestApp } from '../support/test-app';

describe('health and HTTP basics', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('GET /api/health answers ok with the database up', async () => {
    const res = await t.http.get('/api/health').expect(200);
    expect(res.body).toEqual({ status: 'ok', database: 'up' });
  });

  it('sets security headers and echoes a correlation id', async () => {
    const res = await t.http.get('/api/health').set('X-Correlation-Id', 'abc-123');
    expect(res.headers['x-correlation-id']).toBe('abc-123');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBeDefined();
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('answers unknown routes with problem details', async () => {
    const res = await t.http.get('/api/no-such-thing').expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ type: expect.any(String), title: 'Not Found', status: 404, detail: expect.any(String) });
    expect(res.body.correlationId).toBe(res.headers['x-correlation-id']);
  });

  it('answers invalid JSON with 400 and bodies over 1 MB with 413, as problem details', async () => {
    const bad = await t.http.post('/api/health').set('Content-Type', 'application/json').send('{"a":').expect(400);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.stringify(bad.body)).not.toMatch(/at |node_modules|SyntaxError/);
    const huge = JSON.stringify({ x: 'a'.repeat(1_100_000) });
    const tooLarge = await t.http.post('/api/health').set('Content-Type', 'application/json').send(huge).expect(413);
    expect(tooLarge.body.status).toBe(413);
  });

  it('serves the OpenAPI document and its UI', async () => {
    const doc = await t.http.get('/api/docs-json').expect(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(doc.body.paths['/api/health']).toBeDefined();
    await t.http.get('/api/docs').redirects(1).expect(200);
  });
});
