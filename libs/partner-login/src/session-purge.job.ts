import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { PeriodicTask } from '@authkit/core';
import { RESOLVED_PARTNER_LOGIN_OPTIONS, type ResolvedPartnerLoginOptions } from './partner-login.module-definition';
import { PartnerSessionService } from './partner-session.service';

/** Deletes expired sessions and spent login-token records now and then. */
@Injectable()
export class PartnerSessionPurgeJob implements OnModuleInit, OnApplicationShutdown {
  private readonly task: PeriodicTask;

  constructor(
    sessions: PartnerSessionService,
    @Inject(RESOLVED_PARTNER_LOGIN_OPTIONS) private readonly options: ResolvedPartnerLoginOptions,
  ) {
    this.task = new PeriodicTask('PartnerSessionPurge', () => sessions.purgeExpired());
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
