import { OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { PeriodicTask } from './periodic-task';

/**
 * A scheme's scheduled purge as a Nest provider: started with the module,
 * stopped on shutdown, and runnable on demand (`runOnce`, for tests and
 * operators). Subclasses only name the task, the purge and its interval.
 */
export abstract class PurgeJob implements OnModuleInit, OnApplicationShutdown {
  private readonly task: PeriodicTask;

  protected constructor(
    name: string,
    purge: () => Promise<number>,
    private readonly intervalMs: number,
  ) {
    this.task = new PeriodicTask(name, purge);
  }

  onModuleInit(): void {
    this.task.start(this.intervalMs);
  }

  onApplicationShutdown(): void {
    this.task.stop();
  }

  /** Purges now; resolves to the number of rows removed. */
  runOnce(): Promise<number> {
    return this.task.runOnce();
  }
}
