import { ManualClock } from '../common/clock';
import { validateEnvironment } from '../config/environment';
import type { Actor } from './actor';
import { CREDENTIAL_CACHE_MAX_ENTRIES, CredentialCache } from './credential-cache';

const TTL_MS = 5000;
const actor = (personId: string, tokenId: string): Actor => ({ personId, organisationId: 'org-1', roles: ['learner'], tokenId });

describe('CredentialCache', () => {
  let clock: ManualClock;
  let cache: CredentialCache;
  const now = () => clock.now().getTime();
  const remember = (tokenHash: string, entry: Actor, expiresAt: Date | null = null) => cache.remember(tokenHash, entry, expiresAt, cache.lookupStarted());

  beforeEach(() => {
    clock = new ManualClock(new Date('2026-12-02T10:00:00Z'));
    cache = new CredentialCache(clock, validateEnvironment({ CREDENTIAL_CACHE_TTL_MS: String(TTL_MS) }));
  });

  it('answers a remembered token until CREDENTIAL_CACHE_TTL_MS has passed, then asks again', () => {
    remember('hash-a', actor('ailsa', 'token-a'), new Date('2026-12-03T10:00:00Z'));
    clock.advance(TTL_MS - 1);
    expect(cache.find('hash-a', now())).toEqual({
      actor: actor('ailsa', 'token-a'),
      expiresAt: new Date('2026-12-03T10:00:00Z').getTime(),
      staleAt: new Date('2026-12-02T10:00:05Z').getTime(),
    });
    clock.advance(1);
    expect(cache.find('hash-a', now())).toBeUndefined();
  });

  it('hands out a frozen actor, so no request can change what the next one sees', () => {
    remember('hash-a', actor('ailsa', 'token-a'));
    const found = cache.find('hash-a', now())!.actor;
    expect(Object.isFrozen(found)).toBe(true);
    expect(Object.isFrozen(found.roles)).toBe(true);
  });

  it('forgets one token, or every token of a person, or everything', () => {
    remember('hash-a1', actor('ailsa', 'token-a1'));
    remember('hash-a2', actor('ailsa', 'token-a2'));
    remember('hash-b', actor('brodie', 'token-b'));
    remember('hash-c', actor('calum', 'token-c'));

    cache.forgetToken('token-a1');
    expect(cache.find('hash-a1', now())).toBeUndefined();
    expect(cache.find('hash-a2', now())).toBeDefined();

    cache.forgetPerson('ailsa');
    expect(cache.find('hash-a2', now())).toBeUndefined();
    expect(cache.find('hash-b', now())).toBeDefined();

    cache.forgetAll();
    expect(cache.find('hash-b', now())).toBeUndefined();
    expect(cache.find('hash-c', now())).toBeUndefined();
  });

  it('does not remember what a lookup read before a forget, which may be the row as it was before the change', () => {
    const lookup = cache.lookupStarted();
    cache.forgetPerson('someone-else');
    cache.remember('hash-a', actor('ailsa', 'token-a'), null, lookup);
    expect(cache.find('hash-a', now())).toBeUndefined();

    cache.remember('hash-a', actor('ailsa', 'token-a'), null, cache.lookupStarted());
    expect(cache.find('hash-a', now())).toBeDefined();
  });

  it(`holds at most ${CREDENTIAL_CACHE_MAX_ENTRIES} tokens, dropping the oldest first`, () => {
    for (let index = 0; index <= CREDENTIAL_CACHE_MAX_ENTRIES; index++) remember(`hash-${index}`, actor(`person-${index}`, `token-${index}`));
    expect(cache.find('hash-0', now())).toBeUndefined();
    expect(cache.find('hash-1', now())).toBeDefined();
    expect(cache.find(`hash-${CREDENTIAL_CACHE_MAX_ENTRIES}`, now())).toBeDefined();
  });

  it('remembers nothing when CREDENTIAL_CACHE_TTL_MS is 0', () => {
    cache = new CredentialCache(clock, validateEnvironment({ CREDENTIAL_CACHE_TTL_MS: '0' }));
    remember('hash-a', actor('ailsa', 'token-a'));
    expect(cache.find('hash-a', now())).toBeUndefined();
  });
});
