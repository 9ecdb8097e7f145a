import { ConcurrencyLimit } from './concurrency-limit';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

describe('ConcurrencyLimit', () => {
  it('runs at most max tasks at once, the rest in arrival order', async () => {
    const limit = new ConcurrencyLimit(2);
    const gates = [deferred(), deferred(), deferred(), deferred()];
    const started: number[] = [];
    const runs = gates.map((gate, index) =>
      limit.run(async () => {
        started.push(index);
        await gate.promise;
        return index;
      }),
    );
    await new Promise(setImmediate);
    expect(started).toEqual([0, 1]);
    expect(limit.load).toEqual({ running: 2, waiting: 2 });
    gates[1].resolve();
    await new Promise(setImmediate);
    expect(started).toEqual([0, 1, 2]);
    gates[0].resolve();
    gates[2].resolve();
    gates[3].resolve();
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3]);
    expect(limit.load).toEqual({ running: 0, waiting: 0 });
  });

  it('frees the slot when a task fails', async () => {
    const limit = new ConcurrencyLimit(1);
    await expect(limit.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await limit.run(async () => 'next')).toBe('next');
    expect(limit.load).toEqual({ running: 0, waiting: 0 });
  });

  it('refuses a limit that is not a positive integer', () => {
    expect(() => new ConcurrencyLimit(0)).toThrow();
    expect(() => new ConcurrencyLimit(1.5)).toThrow();
  });
});

describe('ConcurrencyLimit with maxWaitMs (load shedding)', () => {
  it('refuses at once a task whose expected wait is past the bound, and runs the queue it admitted', async () => {
    let clock = 0;
    const limit = new ConcurrencyLimit(1, 1000, () => clock);
    // One task of 400 ms teaches it the tasks' duration.
    await limit.run(async () => void (clock += 400));
    const gate = deferred();
    const first = limit.run(() => gate.promise);
    const admitted = [limit.run(async () => 'a'), limit.run(async () => 'b')]; // 400 and 800 ms ahead
    await expect(limit.run(async () => 'c')).rejects.toMatchObject({
      name: 'OverloadedError',
      retryAfterSeconds: 2,
    }); // 1200 ms
    expect(limit.load).toEqual({ running: 1, waiting: 2 });
    gate.resolve();
    await first;
    expect(await Promise.all(admitted)).toEqual(['a', 'b']);
    expect(limit.load).toEqual({ running: 0, waiting: 0 });
  });

  it('refuses a task still waiting when the bound has passed, and leaves the queue whole', async () => {
    jest.useFakeTimers();
    try {
      const limit = new ConcurrencyLimit(1, 1000, () => 0);
      const gate = deferred();
      const first = limit.run(() => gate.promise);
      const waiting = limit.run(async () => 'late');
      const refused = expect(waiting).rejects.toMatchObject({ name: 'OverloadedError' });
      jest.advanceTimersByTime(1001);
      await refused;
      expect(limit.load).toEqual({ running: 1, waiting: 0 });
      gate.resolve();
      await first;
      expect(limit.load).toEqual({ running: 0, waiting: 0 });
    } finally {
      jest.useRealTimers();
    }
  });
});
