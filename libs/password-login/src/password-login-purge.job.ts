import { Inject, Injectable } from '@nestjs/common';
import { PurgeJob } from '@authkit/core/internal';
import {
  RESOLVED_PASSWORD_LOGIN_OPTIONS,
  type ResolvedPasswordLoginOptions,
} from './password-login.module-definition';
import { PasswordLoginService } from './password-login.service';

/** Deletes expired access tokens now and then; expiry itself is checked on every use. */
@Injectable()
export class PasswordLoginPurgeJob extends PurgeJob {
  constructor(
    logins: PasswordLoginService,
    @Inject(RESOLVED_PASSWORD_LOGIN_OPTIONS) options: ResolvedPasswordLoginOptions,
  ) {
    super('PasswordLoginTokenPurge', () => logins.purgeExpiredTokens(), options.purgeIntervalMs);
  }
}
