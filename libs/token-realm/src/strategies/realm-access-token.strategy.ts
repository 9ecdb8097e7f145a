import type { HttpRequestLike } from '@authkit/core/internal';
import { Injectable, Type } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { AuthContext } from '@authkit/core';
import { Strategy } from 'passport-custom';
import { tokenRealmStrategyName, TokenRealmPrincipal } from '../token-realm-principal';
import { TokenRealmService } from '../token-realm.service';

/**
 * The `X-Access-Token` strategy of one realm. Passport keeps strategies by
 * name, so each mounted realm gets its own class, named after the realm.
 */
export function createRealmAccessTokenStrategy(realm: string): Type<unknown> {
  @Injectable()
  class RealmAccessTokenStrategy extends PassportStrategy(Strategy, tokenRealmStrategyName(realm)) {
    constructor(
      private readonly tokens: TokenRealmService,
      private readonly context: AuthContext,
    ) {
      super();
    }

    async validate(request: HttpRequestLike): Promise<TokenRealmPrincipal | false> {
      const principal = await this.tokens.verifyAccessToken(request.headers['x-access-token']);
      if (!principal) return false;
      this.context.setPrincipal(principal);
      return principal;
    }
  }
  Object.defineProperty(RealmAccessTokenStrategy, 'name', {
    value: `RealmAccessTokenStrategy(${realm})`,
  });
  return RealmAccessTokenStrategy;
}
