import { AuthAudit, ApiError } from '@authkit/core';
import { identifyCredential } from '@authkit/core/internal';
import { ApiCodeService, PartnerSessionService } from '@authkit/partner-login';
import { PasswordLoginService } from '@authkit/password-login';
import { SiteAdminService } from '@authkit/saas-site';
import { SessionJwtService } from '@authkit/session-jwt';
import { ApiAppService, UserTokenRevocation } from '@authkit/token-realm';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { CommandGroup } from '../admin-command';
import { type OutputOptions, printResult, reporting } from '../cli-output';
import { readStdin } from '../stdin-secret';
import { credentialFormats } from '../token-check';

type Revoke = (value: string) => Promise<string | number | null>;

/**
 * `token revoke-leaked <value>` (or `--stdin`): revokes whatever credential the
 * value is, from the value alone, on every instance, and audits it. Answers
 * `{"type", "revoked", "owner"}`; `revoked: false` when no live credential has it.
 */
@SubCommand({
  name: 'revoke-leaked',
  arguments: '[value]',
  description:
    'Revoke whatever credential a leaked value is (its type from its format), and audit it',
})
export class TokenRevokeLeakedCommand extends CommandRunner {
  private readonly revokers: Record<string, Revoke>;

  constructor(
    sites: SiteAdminService,
    logins: PasswordLoginService,
    sessions: PartnerSessionService,
    apiCodes: ApiCodeService,
    realmTokens: UserTokenRevocation,
    apps: ApiAppService,
    jwtSessions: SessionJwtService,
    private readonly audit: AuthAudit,
  ) {
    super();
    this.revokers = {
      site_token: (value) => sites.revokeLeakedSiteToken(value),
      site_access_token: (value) => sites.revokeLeakedAccessToken(value),
      login_token: (value) => logins.revokeLeakedToken(value),
      partner_session_token: (value) => sessions.revokeLeaked(value),
      api_code_secret: (value) => apiCodes.revokeLeakedSecret(value),
      realm_access_token: (value) => realmTokens.revokeLeakedToken(value),
      realm_refresh_token: (value) => realmTokens.revokeLeakedToken(value),
      app_secret: (value) => apps.revokeLeakedSecret(value),
      session_jwt: (value) => jwtSessions.revokeLeakedToken(value),
    };
  }

  override async run(
    params: string[],
    options: OutputOptions & { stdin?: boolean },
  ): Promise<void> {
    await reporting(options, async () => {
      const value = options.stdin ? await readStdin() : params[0];
      if (!value) throw ApiError.badRequest('Give the leaked value, or --stdin');
      const identified = identifyCredential(value, credentialFormats);
      if (!identified.valid)
        throw ApiError.badRequest('Not a credential authkit mints (see docs/token-formats.md)');
      const owner = await this.revokers[identified.type](value);
      const revoked = owner !== null;
      // The type and owner only: never the value.
      this.audit.record({
        scheme: 'admin:token revoke-leaked',
        principal: revoked ? `${identified.type}:${owner}` : identified.type,
        outcome: 'success',
        reason: revoked ? 'revoked' : 'not_found',
      });
      printResult(
        { type: identified.type, revoked, owner: revoked ? String(owner) : null },
        options,
        revoked
          ? `revoked the ${identified.type} of ${owner}`
          : `no live ${identified.type} has this value`,
      );
    });
  }

  @Option({ flags: '--stdin', description: 'read the value from standard input (not shown by ps)' })
  parseStdin(): boolean {
    return true;
  }

  @Option({ flags: '--json', description: 'print one JSON object' })
  parseJson(): boolean {
    return true;
  }
}

@Command({
  name: 'token',
  description: 'Credentials by their value: check (offline) and revoke-leaked',
  subCommands: [TokenRevokeLeakedCommand],
})
export class TokenCommand extends CommandGroup {}
