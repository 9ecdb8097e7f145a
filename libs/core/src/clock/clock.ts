/**
 * The source of "now" for every expiry decision. Inject `Clock` instead of
 * calling `Date.now()` so tests (and hosts) can move time.
 */
export abstract class Clock {
  abstract now(): Date;

  /** Whole unix seconds. */
  nowSeconds(): number {
    return Math.floor(this.now().getTime() / 1000);
  }
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock that only moves when told to; for tests. */
export class ManualClock extends Clock {
  private current: number;

  constructor(start: Date | number = Date.now()) {
    super();
    this.current = typeof start === 'number' ? start : start.getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(to: Date | number): void {
    this.current = typeof to === 'number' ? to : to.getTime();
  }

  advance(milliseconds: number): void {
    this.current += milliseconds;
  }
}
