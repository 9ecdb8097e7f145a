import { Body, Controller, HttpCode, HttpStatus, Post, Req, Res } from '@nestjs/common';
import { Public } from '@authkit/core';
import {
  loginAccount,
  LoginAttempts,
  LoginEndpoint,
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiUnauthorizedResponse,
  loginAuditScheme,
  type HttpRequestLike,
} from '@authkit/core/internal';
import { GrantRequest, parseGrantRequest, readTokenField } from './grant-request';
import { TokenPair, TokenRealmService } from './token-realm.service';

/**
 * The token endpoints of one realm (`/snipe/access_token`...), mounted by
 * `TokenRealmModule.register` under the realm's path, one subclass per realm,
 * each injecting its own realm's service. Bodies may be JSON or form-encoded.
 */
@ApiConsumes('application/json', 'application/x-www-form-urlencoded')
@Public()
@Controller() // the path is the module's: see mountController
export class TokenRealmController {
  constructor(
    private readonly tokens: TokenRealmService,
    private readonly attempts: LoginAttempts,
  ) {}

  @Post('access_token')
  @HttpCode(HttpStatus.OK)
  // Throttled on the grant as parsed under this realm's options: the account the server will check.
  @LoginEndpoint({ admittedByHandler: true })
  @ApiBody({ schema: { example: { login: 'snipe', password: '12345678' } } })
  @ApiOkResponse({
    schema: {
      example: {
        access_token: 'access_...',
        refresh_token: 'refresh_...',
        user_id: 123,
        expires_at: '2014-04-16 13:28:19 +0400',
      },
    },
  })
  @ApiBadRequestResponse({ description: 'A missing, mistyped or oversized field' })
  @ApiUnauthorizedResponse({
    description: 'Unknown user or app, or a wrong password or secret (one answer for all)',
  })
  async accessToken(
    @Body() body: unknown,
    @Req() request: HttpRequestLike,
    @Res({ passthrough: true }) response: unknown,
  ): Promise<TokenPair> {
    const grant = parseGrantRequest(body, this.tokens.options.grants);
    await this.attempts.admit({
      request,
      response,
      account: grantAccount(grant),
      scheme: loginAuditScheme(request),
    });
    return this.tokens.grant(grant);
  }

  /** A refresh token works once; presenting a used one revokes the whole family. */
  @Post('refresh_token')
  @HttpCode(HttpStatus.OK)
  @LoginEndpoint({ credential: 'secret' })
  @ApiBody({ schema: { example: { refresh_token: 'refresh_...' } } })
  @ApiOkResponse({
    schema: {
      example: {
        access_token: 'access_...',
        refresh_token: 'refresh_...',
        expires_at: '2014-04-18 13:28:19 +0400',
      },
    },
  })
  refreshToken(@Body() body: unknown): Promise<TokenPair> {
    return this.tokens.refresh(readTokenField(body, 'refresh_token'));
  }

  /** RFC 7009 style: revokes the login the token belongs to; answers 200 whether or not the token was known. */
  @Post('revoke_token')
  @HttpCode(HttpStatus.OK)
  @LoginEndpoint({ credential: 'secret' })
  @ApiBody({ schema: { example: { token: 'refresh_...' } } })
  async revokeToken(@Body() body: unknown): Promise<Record<string, never>> {
    await this.tokens.revokeToken(readTokenField(body, 'token'));
    return {};
  }
}

function grantAccount(grant: GrantRequest): string {
  return grant.grant === 'app'
    ? loginAccount('app', grant.appId)
    : loginAccount('user', (grant.login ?? grant.email)!);
}
