import { identifyCredential } from '@authkit/core/internal';
import { partnerLoginCredentialFormats } from '@authkit/partner-login';
import { passwordLoginCredentialFormats } from '@authkit/password-login';
import { saasSiteCredentialFormats } from '@authkit/saas-site';
import { sessionJwtCredentialFormats } from '@authkit/session-jwt';
import { tokenRealmCredentialFormats } from '@authkit/token-realm';
import { readStdin } from './stdin-secret';

/** Every credential the demo's schemes mint, as `docs/token-formats.md` lists them. */
export const credentialFormats = [
  ...saasSiteCredentialFormats,
  ...passwordLoginCredentialFormats,
  ...partnerLoginCredentialFormats,
  ...tokenRealmCredentialFormats,
  ...sessionJwtCredentialFormats,
];

/**
 * `token check <value>` (or `token check --stdin`): offline, with no database
 * and nothing started, whether the value is well formed and which kind it is.
 * One JSON object on stdout; exit 1 when it is none of them.
 */
export async function runTokenCheck(args: string[]): Promise<void> {
  const value = args.includes('--stdin')
    ? await readStdin()
    : args.find((arg) => !arg.startsWith('--'));
  if (value === undefined) {
    process.stderr.write('error: usage: token check <value> | token check --stdin\n');
    process.exitCode = 2;
    return;
  }
  const answer = identifyCredential(value, credentialFormats);
  process.stdout.write(`${JSON.stringify(answer)}\n`);
  if (!answer.valid) process.exitCode = 1;
}
