import { spawnSync } from 'node:child_process';

/**
 * Redis for the suites that need it: `AUTHKIT_TEST_REDIS_URL`, or the machine's own on
 * 127.0.0.1:6379. Not `REDIS_URL`, which the in-process demo would take for itself.
 */
export const REDIS_URL = process.env.AUTHKIT_TEST_REDIS_URL || 'redis://127.0.0.1:6379';

/**
 * Whether Redis answers PING, known synchronously (jest must know before it
 * declares the tests). Where it does not, the suite is skipped with a warning,
 * unless AUTHKIT_REQUIRE_REDIS=1 (CI), which makes that a failure.
 */
export function redisAvailable(purpose: string): boolean {
  const { hostname, port } = new URL(REDIS_URL);
  const probe = `const s=require('net').connect(${Number(port) || 6379},${JSON.stringify(hostname)},()=>{s.write('PING\\r\\n')});s.on('data',d=>process.exit(String(d).startsWith('+PONG')?0:1));s.on('error',()=>process.exit(1));setTimeout(()=>process.exit(1),1500)`;
  const available = spawnSync(process.execPath, ['-e', probe], { timeout: 3000 }).status === 0;
  if (!available && process.env.AUTHKIT_REQUIRE_REDIS === '1')
    throw new Error(`AUTHKIT_REQUIRE_REDIS=1 but no Redis answers at ${REDIS_URL}`);
  // eslint-disable-next-line no-console -- say why the suite is skipped
  if (!available) console.warn(`Skipping ${purpose}: no Redis answers at ${REDIS_URL}`);
  return available;
}
