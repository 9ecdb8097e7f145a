import { generateKeyPairSync } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';

export const PEER_JWT_STRATEGY = 'bench-peer-jwt';

/** An RS256 key pair made at start: the peer's tokens are signed by the benchmark's own route. */
export const PEER_JWT_KEYS = generateKeyPairSync('rsa', { modulusLength: 2048 });

/**
 * The peer a user would write instead of scheme 5: Nest's documented
 * `@nestjs/passport` + `passport-jwt` recipe, stateless, RS256 (no session
 * lookup, so no revocation).
 */
@Injectable()
export class PeerJwtStrategy extends PassportStrategy(Strategy, PEER_JWT_STRATEGY) {
  constructor() {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      ignoreExpiration: false,
      secretOrKey: PEER_JWT_KEYS.publicKey.export({ type: 'spki', format: 'pem' }) as string,
      algorithms: ['RS256'],
    });
  }

  validate(payload: { sub: string; username: string }): { userId: string; username: string } {
    return { userId: payload.sub, username: payload.username };
  }
}
