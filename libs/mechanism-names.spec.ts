import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * The packages name things by mechanism (site key, password bearer, partner
 * login, token realm, session JWT), never by the order of the API documents
 * they reproduce, nor by documents their readers do not have: the wire
 * contracts live in docs/wire-contracts.md.
 */
const NUMBERED = /\b[Ss]cheme [1-5]\b|\b[Ss]eed 00\d\b|\bseeds\/|\bSPEC(\.md)?\b/;

function sourcesUnder(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory())
      return entry.name === 'dist' || entry.name === 'node_modules' ? [] : sourcesUnder(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

it('no library source names a scheme by number, a seed document or SPEC.md', () => {
  const libs = __dirname;
  const offending = sourcesUnder(libs)
    .filter(
      (path) =>
        !path.endsWith('wire-contracts.spec.ts') && !path.endsWith('mechanism-names.spec.ts'),
    )
    .flatMap((path) =>
      readFileSync(path, 'utf8')
        .split('\n')
        .map((line, index) => ({ line, at: `${relative(libs, path)}:${index + 1}` }))
        .filter(({ line }) => NUMBERED.test(line))
        .map(({ at, line }) => `${at}: ${line.trim()}`),
    );
  expect(offending).toEqual([]);
});

describe.each([
  ['saas-site', 'WhitelistSaasApi', 'CurrentSaasSitePrincipal'],
  ['password-login', 'UsePasswordLoginAuth', 'CurrentPasswordLoginPrincipal'],
  ['partner-login', 'UsePartnerSessionAuth', 'CurrentPartnerSessionPrincipal'],
  ['token-realm', 'UseTokenRealmAuth', 'CurrentTokenRealmPrincipal'],
  ['session-jwt', 'UseSessionJwtAuth', 'CurrentSessionJwtPrincipal'],
])('@authkit/%s', (name, useAuth, currentPrincipal) => {
  it(`guards a route with ${useAuth} and hands its principal over with ${currentPrincipal}: one of each`, () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- every package's index, by path
    const exported = Object.keys(require(join(__dirname, name, 'src', 'index.ts')));
    expect(exported.filter((key) => /^(Use\w*Auth|WhitelistSaasApi)$/.test(key))).toEqual([
      useAuth,
    ]);
    expect(exported.filter((key) => /^Current\w*Principal$/.test(key))).toEqual([currentPrincipal]);
  });
});
