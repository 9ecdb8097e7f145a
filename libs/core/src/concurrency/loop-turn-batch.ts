interface Waiting<In, Out> {
  input: In;
  resolve(output: Out): void;
  reject(error: unknown): void;
}

type Run<In, Out> = (inputs: In[]) => Promise<PromiseSettledResult<Out>[]>;

/**
 * Collects the calls made during one turn of the event loop (the sockets it read and the
 * promises that followed) and hands them to `run` together, in that turn's check phase
 * (`setImmediate`), at most `maxSize` at a time. `run` settles each input, in order: one
 * call's failure is its own, unless `run` itself fails.
 *
 * Under load, the requests read in one turn then share one piece of work; a lone call
 * waits only for the end of its own turn.
 */
export class LoopTurnBatch<In, Out> {
  private waiting: Waiting<In, Out>[] = [];

  constructor(
    private readonly run: Run<In, Out>,
    private readonly maxSize = 100,
  ) {}

  add(input: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      if (this.waiting.length === 0) setImmediate(() => this.flush());
      this.waiting.push({ input, resolve, reject });
    });
  }

  private flush(): void {
    const all = this.waiting;
    this.waiting = [];
    for (let start = 0; start < all.length; start += this.maxSize) {
      const batch = all.slice(start, start + this.maxSize);
      let settled: Promise<PromiseSettledResult<Out>[]>;
      try {
        settled = this.run(batch.map((call) => call.input));
      } catch (error) {
        settled = Promise.reject(error);
      }
      settled.then(
        (outcomes) =>
          batch.forEach((call, i) => {
            const outcome = outcomes[i];
            if (outcome.status === 'fulfilled') call.resolve(outcome.value);
            else call.reject(outcome.reason);
          }),
        (error: unknown) => batch.forEach((call) => call.reject(error)),
      );
    }
  }
}
