import { Body, Controller, HttpCode, HttpStatus, Post, Req, Res } from '@nestjs/common';
import { ApiError, Public } from '@authkit/core';
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
  readBasicCredentials,
} from '@authkit/core/internal';
import { GrantRequest, parseGrantRequest, readTokenField } from './grant-request';
import { ApiAppService } from './api-app.service';
import type { ApiApp } from './entities/api-app.entity';
import {
  type TokenIntrospection,
  TokenPair,
  TokenRealmService,
  type TokenRevoker,
} from './token-realm.service';

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
    private readonly apps: ApiAppService,
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

  /**
   * RFC 7662 introspection, for a registered app (HTTP Basic `app_id:app_secret`):
   * what a live token of this realm is, or exactly `{"active": false}`.
   */
  @Post('introspect')
  @HttpCode(HttpStatus.OK)
  @LoginEndpoint({ credential: 'secret' })
  @ApiBody({ schema: { example: { token: 'access_...', token_type_hint: 'access_token' } } })
  @ApiOkResponse({
    schema: {
      example: {
        active: true,
        token_type: 'access_token',
        realm: 'snipe',
        sub: '123',
        username: 'snipe',
        exp: 1419356238,
        iat: 1419350238,
      },
    },
  })
  @ApiUnauthorizedResponse({ description: 'Missing or wrong app credentials (HTTP Basic)' })
  async introspect(
    @Body() body: unknown,
    @Req() request: HttpRequestLike,
  ): Promise<TokenIntrospection> {
    await this.authenticateApp(request);
    // The hint (token_type_hint) is optional and not needed: both kinds are looked up.
    return this.tokens.introspect(readTokenField(body, 'token'));
  }

  /**
   * RFC 7009 revocation, by an app (HTTP Basic) or by the holder of the login
   * (`X-Access-Token`): the token's whole login ends on every instance. 200
   * always, whether the token was known, or the caller's to revoke, or not.
   */
  @Post('revoke')
  @HttpCode(HttpStatus.OK)
  @LoginEndpoint({ credential: 'secret' })
  @ApiBody({ schema: { example: { token: 'refresh_...', token_type_hint: 'refresh_token' } } })
  @ApiUnauthorizedResponse({ description: 'Neither app credentials nor a live X-Access-Token' })
  async revoke(
    @Body() body: unknown,
    @Req() request: HttpRequestLike,
  ): Promise<Record<string, never>> {
    const revoker: TokenRevoker = request.headers.authorization
      ? { appId: (await this.authenticateApp(request)).id }
      : { familyId: await this.holderFamily(request) };
    await this.tokens.revokeAsClient(readTokenField(body, 'token'), revoker);
    return {};
  }

  /** The app of `Authorization: Basic app_id:app_secret`, after the same work for any failure. */
  private async authenticateApp(request: HttpRequestLike): Promise<ApiApp> {
    const credentials = readBasicCredentials(request.headers.authorization);
    const appId =
      credentials && /^[1-9]\d{0,9}$/.test(credentials.username) ? Number(credentials.username) : 0;
    const app = await this.apps.verify(appId, credentials?.password ?? '');
    if (!app?.enabled) throw this.clientRefused();
    return app;
  }

  private async holderFamily(request: HttpRequestLike): Promise<string> {
    const principal = await this.tokens.verifyAccessToken(request.headers['x-access-token']);
    if (!principal) throw this.clientRefused();
    return principal.familyId;
  }

  private clientRefused(): ApiError {
    return ApiError.unauthorized({
      message: 'Invalid or missing client credentials',
      wwwAuthenticate: `Basic realm="${this.tokens.realm}"`,
    });
  }
}

function grantAccount(grant: GrantRequest): string {
  return grant.grant === 'app'
    ? loginAccount('app', grant.appId)
    : loginAccount('user', (grant.login ?? grant.email)!);
}
