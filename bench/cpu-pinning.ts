import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

/**
 * On a machine of few cores the load generator and the app under test compete for the same
 * CPUs, and whichever the scheduler favours in a 3-second round decides its ratio. Pinned, the
 * app under test has a core of its own (every app of the comparison the same one, only one
 * under load at a time) and autocannon, in this process, has another: each app is measured by
 * what it serves on one core. Linux's `taskset`; elsewhere nothing is pinned and the report says so.
 */
export interface CpuPinning {
  /** What the report says of it. */
  description: string;
  /** Moves a server process (every thread of it) to the servers' core. */
  pinServer(pid: number): void;
  /** Gives this process, and every server it pinned that still runs, back every core. */
  release(): void;
}

function taskset(args: string[]): boolean {
  try {
    execFileSync('taskset', args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function pinLoadGeneratorAndServers(): CpuPinning {
  const cores = availableParallelism();
  const all = `0-${cores - 1}`;
  if (cores < 2 || !taskset(['-a', '-cp', '0', String(process.pid)]))
    return {
      description:
        'not pinned (taskset unavailable or one core): load generator and apps share the CPUs',
      pinServer: () => undefined,
      release: () => undefined,
    };
  const pinned: number[] = [];
  return {
    description:
      'pinned: every app measured on CPU 1 (one under load at a time), the load generator on CPU 0',
    pinServer: (pid) => {
      if (!taskset(['-a', '-cp', '1', String(pid)]))
        throw new Error(`could not pin process ${pid} to CPU 1`);
      pinned.push(pid);
    },
    release: () => {
      for (const pid of [process.pid, ...pinned]) taskset(['-a', '-cp', all, String(pid)]);
    },
  };
}
