import type { Request } from 'express';
import { mayActOnCookie } from './cross-site';

const ORIGIN = 'https://training.example.nhs.uk';

function request(method: string, path: string, headers: Record<string, string> = {}): Request {
  const lower = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  return { method, path, get: (name: string) => lower[name.toLowerCase()] } as unknown as Request;
}

describe('mayActOnCookie', () => {
  it.each([
    ['Sec-Fetch-Site same-origin', { 'Sec-Fetch-Site': 'same-origin' }],
    ['Sec-Fetch-Site none (typed by the person)', { 'Sec-Fetch-Site': 'none' }],
    ['the service origin in Origin', { Origin: ORIGIN }],
  ])('lets a state change through with %s', (_case, headers) => {
    expect(mayActOnCookie(request('POST', '/api/bookings', headers), ORIGIN)).toBe(true);
  });

  it.each([
    ['no Origin and no Sec-Fetch-Site', {}],
    ['another origin', { Origin: 'https://evil.example' }],
    ['the same host on another scheme', { Origin: 'http://training.example.nhs.uk' }],
    ['an opaque origin', { Origin: 'null' }],
    ['Sec-Fetch-Site cross-site', { 'Sec-Fetch-Site': 'cross-site' }],
    ['Sec-Fetch-Site same-site (a sibling subdomain)', { 'Sec-Fetch-Site': 'same-site' }],
  ])('refuses a state change with %s', (_case, headers) => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      expect(mayActOnCookie(request(method, '/api/bookings', headers), ORIGIN)).toBe(false);
    }
  });

  it('lets reads and the web pages (which carry their own CSRF tokens) through from anywhere', () => {
    expect(mayActOnCookie(request('GET', '/api/bookings', { Origin: 'https://evil.example' }), ORIGIN)).toBe(true);
    expect(mayActOnCookie(request('HEAD', '/api/bookings'), ORIGIN)).toBe(true);
    expect(mayActOnCookie(request('POST', '/bookings', { Origin: 'https://evil.example' }), ORIGIN)).toBe(true);
  });

  it('treats /API in any letter case as the API, as Express routes it', () => {
    expect(mayActOnCookie(request('POST', '/API/bookings', { Origin: 'https://evil.example' }), ORIGIN)).toBe(false);
  });
});
