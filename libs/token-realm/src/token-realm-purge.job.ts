import { Injectable } from '@nestjs/common';
import { PurgeJob } from '@authkit/core/internal';
import { TokenRealmService } from './token-realm.service';

/** Deletes a realm's expired tokens and emptied families now and then; expiry itself is checked on every use. */
@Injectable()
export class TokenRealmPurgeJob extends PurgeJob {
  constructor(tokens: TokenRealmService) {
    super(
      `TokenRealmPurge(${tokens.realm})`,
      () => tokens.purgeExpired(),
      tokens.options.purgeIntervalMs,
    );
  }
}
