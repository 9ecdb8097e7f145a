import { Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { PeriodicTask } from '@authkit/core';
import { TokenRealmService } from './token-realm.service';

/** Deletes a realm's expired tokens and emptied families now and then; expiry itself is checked on every use. */
@Injectable()
export class TokenPurgeJob implements OnModuleInit, OnApplicationShutdown {
  private readonly task: PeriodicTask;

  constructor(private readonly tokens: TokenRealmService) {
    this.task = new PeriodicTask(`TokenRealmPurge(${tokens.realm})`, () => tokens.purgeExpired());
  }

  onModuleInit(): void {
    this.task.start(this.tokens.options.purgeIntervalMs);
  }

  onApplicationShutdown(): void {
    this.task.stop();
  }

  runOnce(): Promise<number> {
    return this.task.runOnce();
  }
}
