import { Body, Controller, HttpCode, HttpStatus, Post, Type } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiConsumes, ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { accountFromBody, LoginEndpoint, Public } from '@authkit/core';
import { parseGrantRequest, readTokenField } from './grant-request';
import { TokenPair, TokenRealmService } from './token-realm.service';

/**
 * The token endpoints of one realm under its path (`/snipe/access_token`...).
 * Each mounted realm gets its own controller class, since a route's path is
 * fixed when its class is decorated. Bodies may be JSON or form-encoded.
 */
export function createTokenRealmController(realm: string, path: string): Type<unknown> {
  @ApiTags(`scheme 4: ${realm} tokens`)
  @ApiConsumes('application/json', 'application/x-www-form-urlencoded')
  @Controller(path)
  @Public()
  class TokenRealmController {
    constructor(private readonly tokens: TokenRealmService) {}

    @Post('access_token')
    @HttpCode(HttpStatus.OK)
    @LoginEndpoint({ account: (request) => accountFromBody('user', 'login', 'email')(request) ?? accountFromBody('app', 'app_id')(request) })
    @ApiBody({ schema: { example: { login: 'snipe', password: '12345678' } } })
    @ApiOkResponse({
      schema: { example: { access_token: 'access_...', refresh_token: 'refresh_...', user_id: 123, expires_at: '2014-04-16 13:28:19 +0400' } },
    })
    @ApiBadRequestResponse({ description: 'A missing, mistyped or oversized field' })
    @ApiUnauthorizedResponse({ description: 'Unknown user or app, or a wrong password or secret (one answer for all)' })
    accessToken(@Body() body: unknown): Promise<TokenPair> {
      return this.tokens.grant(parseGrantRequest(body, this.tokens.options.grants));
    }

    /** A refresh token works once; presenting a used one revokes the whole family. */
    @Post('refresh_token')
    @HttpCode(HttpStatus.OK)
    @LoginEndpoint()
    @ApiBody({ schema: { example: { refresh_token: 'refresh_...' } } })
    @ApiOkResponse({ schema: { example: { access_token: 'access_...', refresh_token: 'refresh_...', expires_at: '2014-04-18 13:28:19 +0400' } } })
    refreshToken(@Body() body: unknown): Promise<TokenPair> {
      return this.tokens.refresh(readTokenField(body, 'refresh_token'));
    }

    /** RFC 7009 style: revokes the login the token belongs to; answers 200 whether or not the token was known. */
    @Post('revoke_token')
    @HttpCode(HttpStatus.OK)
    @LoginEndpoint()
    @ApiBody({ schema: { example: { token: 'refresh_...' } } })
    async revokeToken(@Body() body: unknown): Promise<Record<string, never>> {
      await this.tokens.revokeToken(readTokenField(body, 'token'));
      return {};
    }
  }
  Object.defineProperty(TokenRealmController, 'name', { value: `TokenRealmController(${realm})` });
  return TokenRealmController;
}
