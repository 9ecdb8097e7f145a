import { type HttpRequestLike, andThen, type MaybePromise } from '@authkit/core/internal';
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

    validate(request: HttpRequestLike): MaybePromise<TokenRealmPrincipal | false> {
      return andThen(this.tokens.verifyAccessToken(request.headers['x-access-token']), (found) => {
        if (!found) return false;
        this.context.setPrincipal(found);
        return found;
      });
    }
  }
  Object.defineProperty(RealmAccessTokenStrategy, 'name', {
    value: `RealmAccessTokenStrategy(${realm})`,
  });
  return RealmAccessTokenStrategy;
}
