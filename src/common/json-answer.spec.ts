import express from 'express';
import request from 'supertest';
import { JsonAnswer } from './json-answer';

function appAnswering(answer: JsonAnswer<unknown>, settings: Record<string, unknown> = {}) {
  const app = express();
  for (const [name, value] of Object.entries(settings)) app.set(name, value);
  app.get('/kept', (_req, res) => answer.send(res));
  app.get('/json', (_req, res) => res.json(answer.value));
  return request(app);
}

describe('JsonAnswer', () => {
  it('answers with the body, type, length and ETag that res.json gives the same value', async () => {
    const answer = new JsonAnswer({ items: [{ id: 'a', title: 'Literature searching – £0' }], total: 1 });
    const http = appAnswering(answer);
    const [kept, json] = await Promise.all([http.get('/kept').expect(200), http.get('/json').expect(200)]);
    for (const header of ['content-type', 'content-length', 'etag']) expect([header, kept.headers[header]]).toEqual([header, json.headers[header]]);
    expect(kept.text).toBe(json.text);
  });

  it('makes its JSON once: later answers send the bytes of the first, and a matching If-None-Match is 304', async () => {
    const value = { total: 1 };
    const answer = new JsonAnswer(value);
    const stringify = jest.spyOn(JSON, 'stringify');
    try {
      const http = appAnswering(answer);
      const first = await http.get('/kept').expect(200);
      value.total = 2;
      const second = await http.get('/kept').expect(200);
      expect([second.text, second.headers.etag]).toEqual([first.text, first.headers.etag]);
      expect(stringify.mock.calls.filter(([made]) => made === value)).toHaveLength(1);
      await http.get('/kept').set('If-None-Match', first.headers.etag).expect(304);
    } finally {
      stringify.mockRestore();
    }
  });

  it('sends no ETag when the app turns ETags off', async () => {
    const res = await appAnswering(new JsonAnswer({ total: 0 }), { etag: false }).get('/kept').expect(200);
    expect(res.headers.etag).toBeUndefined();
    expect(res.body).toEqual({ total: 0 });
  });
});
