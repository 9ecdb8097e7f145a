import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { PeriodicTask } from '@authkit/core';
import { RESOLVED_SESSION_JWT_OPTIONS, type ResolvedSessionJwtOptions } from './session-jwt.module-definition';
import { SessionJwtService } from './session-jwt.service';

/** Deletes expired and closed sessions now and then; both are refused on every use regardless. */
@Injectable()
export class SessionPurgeJob implements OnModuleInit, OnApplicationShutdown {
  private readonly task: PeriodicTask;

  constructor(
    sessions: SessionJwtService,
    @Inject(RESOLVED_SESSION_JWT_OPTIONS) private readonly options: ResolvedSessionJwtOptions,
  ) {
    this.task = new PeriodicTask('SessionJwtPurge', () => sessions.purgeEndedSessions());
  }

  onModuleInit(): void {
    this.task.start(this.options.purgeIntervalMs);
  }

  onApplicationShutdown(): void {
    this.task.stop();
  }

  runOnce(): Promise<number> {
    return this.task.runOnce();
  }
}
