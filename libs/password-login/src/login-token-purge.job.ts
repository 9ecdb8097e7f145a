import { Injectable } from '@nestjs/common';
import { PurgeJob } from '@authkit/core';
import { PasswordLoginService } from './password-login.service';

/** Deletes expired access tokens now and then; expiry itself is checked on every use. */
@Injectable()
export class LoginTokenPurgeJob extends PurgeJob {
  constructor(logins: PasswordLoginService) {
    super('PasswordLoginTokenPurge', () => logins.purgeExpiredTokens(), logins.options.purgeIntervalMs);
  }
}
