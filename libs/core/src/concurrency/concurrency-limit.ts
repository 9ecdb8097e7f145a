/** A task refused because it would wait longer than the limit's `maxWaitMs` for a slot. */
export class OverloadedError extends Error {
  override name = 'OverloadedError';

  constructor(readonly retryAfterSeconds: number) {
    super('Too many tasks waiting');
  }
}

interface Waiter {
  start(): void;
  timer?: NodeJS.Timeout;
}

/**
 * Runs at most `max` tasks at a time; the others wait in arrival order.
 * Password hashing uses it so that a burst of logins keeps a core free for
 * the event loop (libuv's pool would otherwise run four hashes on two cores).
 *
 * With `maxWaitMs`, it sheds load instead of queueing without bound: a task
 * whose expected wait (the queue ahead of it, at the tasks' recent average
 * duration) is longer is refused at once with OverloadedError, and a task
 * still waiting when `maxWaitMs` has passed is refused then.
 */
export class ConcurrencyLimit {
  private running = 0;
  private readonly waiting: Waiter[] = [];
  /** Moving average of how long a task runs, in ms (0 until one has run). */
  private averageMs = 0;

  constructor(
    readonly max: number,
    readonly maxWaitMs = Infinity,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!Number.isInteger(max) || max < 1)
      throw new Error('ConcurrencyLimit needs a positive integer');
  }

  /** Tasks running now, and waiting for a slot. */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  /** How long a task arriving now would wait for a slot, in ms. */
  expectedWaitMs(): number {
    if (this.running < this.max) return 0;
    return Math.ceil((this.waiting.length + 1) / this.max) * this.averageMs;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.max) await this.waitForSlot();
    else this.running++;
    const started = this.now();
    try {
      return await task();
    } finally {
      const took = this.now() - started;
      this.averageMs = this.averageMs === 0 ? took : this.averageMs * 0.8 + took * 0.2;
      // The slot passes straight to the next waiter, so `running` never drops and rises again.
      const next = this.waiting.shift();
      if (next) next.start();
      else this.running--;
    }
  }

  private waitForSlot(): Promise<void> {
    const expected = this.expectedWaitMs();
    if (expected > this.maxWaitMs) return Promise.reject(new OverloadedError(retryAfter(expected)));
    return new Promise<void>((start, refuse) => {
      const waiter: Waiter = { start: () => (clearTimeout(waiter.timer), start()) };
      if (Number.isFinite(this.maxWaitMs)) {
        waiter.timer = setTimeout(() => {
          this.waiting.splice(this.waiting.indexOf(waiter), 1);
          refuse(new OverloadedError(retryAfter(this.expectedWaitMs())));
        }, this.maxWaitMs);
        waiter.timer.unref();
      }
      this.waiting.push(waiter);
    });
  }
}

const retryAfter = (waitMs: number) => Math.max(1, Math.ceil(waitMs / 1000));
