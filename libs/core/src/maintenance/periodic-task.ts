import { Logger } from '@nestjs/common';

/**
 * Runs a housekeeping task (a purge) every `intervalMs` on an unref'd timer.
 * Failures are logged, never thrown: expiry is enforced on every use, so a
 * missed purge only leaves the table a little larger.
 */
export class PeriodicTask {
  private timer?: NodeJS.Timeout;
  private readonly logger: Logger;

  constructor(
    private readonly name: string,
    private readonly task: () => Promise<number>,
  ) {
    this.logger = new Logger(name);
  }

  start(intervalMs: number): void {
    this.stop();
    if (intervalMs <= 0) return;
    this.timer = setInterval(() => void this.runOnce(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Runs the task now; resolves to the number of rows it removed (0 on failure). */
  async runOnce(): Promise<number> {
    try {
      const removed = await this.task();
      if (removed > 0) this.logger.log(`${this.name}: removed ${removed} rows`);
      return removed;
    } catch (error) {
      this.logger.warn(`${this.name} failed: ${(error as Error).message}`);
      return 0;
    }
  }
}
