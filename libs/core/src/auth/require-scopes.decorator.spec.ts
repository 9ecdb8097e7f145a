import {
  insufficientScope,
  missingScopes,
  RequireScopes,
  SCOPE_TOKEN,
} from './require-scopes.decorator';

describe('scopes', () => {
  it('a credential without scopes has them all; one with scopes lacks the others', () => {
    expect(missingScopes(null, ['write'])).toEqual([]);
    expect(missingScopes(undefined, ['write'])).toEqual([]);
    expect(missingScopes(['read'], ['read', 'write'])).toEqual(['write']);
    expect(missingScopes(['read', 'write'], ['write'])).toEqual([]);
    // An empty list is not "every scope": it grants nothing.
    expect(missingScopes([], ['read'])).toEqual(['read']);
  });

  it('answers 403 insufficient_scope with RFC 6750’s parameters', () => {
    const refusal = insufficientScope(['write', 'admin']);
    expect(refusal.getStatus()).toBe(403);
    expect(refusal.code).toBe('insufficient_scope');
    expect(refusal.headers).toEqual({
      'WWW-Authenticate': 'Bearer error="insufficient_scope", scope="write admin"',
    });
  });

  it('takes scope tokens only (RFC 6749): no space, quote, backslash, control character or empty one', () => {
    for (const good of ['write', 'read:reports', 'a/b', '~x!'])
      expect([good, SCOPE_TOKEN.test(good)]).toEqual([good, true]);
    for (const bad of ['', 'a b', 'a"b', 'a\\b', 'a\u0000', 'é', 'x'.repeat(65)]) {
      expect([bad, SCOPE_TOKEN.test(bad)]).toEqual([bad, false]);
      expect(() => RequireScopes(bad)).toThrow('is not a scope token');
    }
  });
});
