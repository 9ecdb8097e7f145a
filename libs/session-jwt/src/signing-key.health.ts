import { Injectable } from '@nestjs/common';
import { type HealthIndicatorAnswer, healthAnswer } from '@authkit/core/internal';
import { SigningKeyService } from './signing-key.service';

/**
 * A health indicator (in @nestjs/terminus's shape) for session JWT's key
 * ring: up when the signing key loads and opens with the master secret, with
 * its kid and how many keys verify; down otherwise, without the cause's text.
 */
@Injectable()
export class SigningKeyHealthIndicator {
  constructor(private readonly keys: SigningKeyService) {}

  async check<Key extends string = 'signing_keys'>(
    key: Key = 'signing_keys' as Key,
  ): Promise<HealthIndicatorAnswer<Key>> {
    try {
      const [{ kid }, { keys }] = await Promise.all([this.keys.signer(), this.keys.jwks()]);
      return healthAnswer(key, 'up', { signingKid: kid, verifyingKeys: keys.length });
    } catch {
      return healthAnswer(key, 'down', { message: 'The signing keys cannot be loaded' });
    }
  }
}
