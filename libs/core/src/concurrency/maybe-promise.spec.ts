import { andThen, isThenable } from './maybe-promise';

describe('andThen', () => {
  it('calls next at once on a value, and returns what it returns', () => {
    const seen: number[] = [];
    const result = andThen(2, (value) => {
      seen.push(value);
      return value * 3;
    });
    expect(result).toBe(6);
    expect(seen).toEqual([2]);
  });

  it('waits for a promise, and a throw in next rejects', async () => {
    await expect(andThen(Promise.resolve(2), (value) => value * 3)).resolves.toBe(6);
    const refusal = new Error('refused');
    await expect(
      andThen(Promise.resolve(1), () => {
        throw refusal;
      }),
    ).rejects.toBe(refusal);
    await expect(andThen(Promise.reject(refusal), () => 1)).rejects.toBe(refusal);
  });

  it('waits for any thenable, as await does, not only a native promise', async () => {
    const foreign = { then: (resolve: (value: number) => void) => resolve(4) };
    expect(isThenable(foreign)).toBe(true);
    expect(isThenable({ user: 'a' })).toBe(false);
    expect(isThenable(null)).toBe(false);
    const answer = andThen(foreign as unknown as Promise<number>, (value) => value + 1);
    expect(answer).toBeInstanceOf(Promise);
    await expect(answer).resolves.toBe(5);
  });
});
