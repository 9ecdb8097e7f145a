import { checkPayload } from '@authkit/core/internal';
import { NewSite, NewTeam } from './site-admin.requests';

const problemsOf = <T extends object>(dto: new () => T, input: Record<string, unknown>): string =>
  checkPayload(dto, input).problems ?? 'valid';

describe('site administration input', () => {
  it('a team needs a clean name and its user', () => {
    expect(problemsOf(NewTeam, { name: 'acme', username: 'owner' })).toBe('valid');
    expect(problemsOf(NewTeam, { name: '', username: 'owner' })).toBe(
      'name must be a non-empty string of at most 140 characters',
    );
    expect(problemsOf(NewTeam, { name: 'acme', username: 'own\u001ber' })).toBe(
      'username must not contain control characters or invalid Unicode',
    );
  });

  it('a site needs a clean name and its team; an imported secret is 32 to 256 of [A-Za-z0-9_.-]', () => {
    expect(problemsOf(NewSite, { name: 'a.example.com', teamName: 'acme' })).toBe('valid');
    expect(
      problemsOf(NewSite, {
        name: 'a.example.com',
        teamName: 'acme',
        importSecret: '0123456789abcdef0123456789abcdef',
      }),
    ).toBe('valid');
    expect(problemsOf(NewSite, { name: 'x'.repeat(256), teamName: 'acme' })).toBe(
      'name must be a non-empty string of at most 255 characters',
    );
    for (const importSecret of ['short', 'x'.repeat(257), `${'a'.repeat(32)} `, null]) {
      expect(problemsOf(NewSite, { name: 'a.example.com', teamName: 'acme', importSecret })).toBe(
        'An imported site secret must be 32 to 256 characters of [A-Za-z0-9_.-]',
      );
    }
  });
});
