import { LoopTurnBatch } from './loop-turn-batch';

const fulfilled = <T>(value: T): PromiseSettledResult<T> => ({ status: 'fulfilled', value });

describe('LoopTurnBatch', () => {
  it('hands the calls of one turn over together, in order, and answers each with its own output', async () => {
    const runs: number[][] = [];
    const batch = new LoopTurnBatch<number, number>(async (inputs) => {
      runs.push(inputs);
      return inputs.map((input) => fulfilled(input * 10));
    });
    const answers = await Promise.all([1, 2, 3].map((input) => batch.add(input)));
    expect(answers).toEqual([10, 20, 30]);
    expect(runs).toEqual([[1, 2, 3]]);

    // A call made after the turn ended goes in the next batch.
    await batch.add(4);
    expect(runs).toEqual([[1, 2, 3], [4]]);
  });

  it('sends at most maxSize inputs at a time', async () => {
    const runs: number[][] = [];
    const batch = new LoopTurnBatch<number, number>(async (inputs) => {
      runs.push(inputs);
      return inputs.map(fulfilled);
    }, 2);
    expect(await Promise.all([1, 2, 3, 4, 5].map((input) => batch.add(input)))).toEqual([
      1, 2, 3, 4, 5,
    ]);
    expect(runs).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('rejects only the call whose input failed, and every call when the run itself fails', async () => {
    const perCall = new LoopTurnBatch<number, number>(async (inputs) =>
      inputs.map((input) =>
        input === 2 ? { status: 'rejected', reason: new Error('two') } : fulfilled(input),
      ),
    );
    expect(await Promise.allSettled([1, 2, 3].map((input) => perCall.add(input)))).toEqual([
      fulfilled(1),
      { status: 'rejected', reason: new Error('two') },
      fulfilled(3),
    ]);

    const failing = new LoopTurnBatch<number, number>(() => {
      throw new Error('down');
    });
    const outcomes = await Promise.allSettled([1, 2].map((input) => failing.add(input)));
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
  });
});
