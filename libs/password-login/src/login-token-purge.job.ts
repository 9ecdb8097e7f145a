import { Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { PeriodicTask } from '@authkit/core';
import { PasswordLoginService } from './password-login.service';

/** Deletes expired access tokens now and then; expiry itself is checked on every use. */
@Injectable()
export class LoginTokenPurgeJob implements OnModuleInit, OnApplicationShutdown {
  private readonly task: PeriodicTask;

  constructor(private readonly logins: PasswordLoginService) {
    this.task = new PeriodicTask('PasswordLoginTokenPurge', () => logins.purgeExpiredTokens());
  }

  onModuleInit(): void {
    this.task.start(this.logins.options.purgeIntervalMs);
  }

  onApplicationShutdown(): void {
    this.task.stop();
  }

  runOnce(): Promise<number> {
    return this.task.runOnce();
  }
}
