import type { DatabaseEndpoint } from '@authkit/database';

export default async function globalTeardown(): Promise<void> {
  const shared = globalThis as { __authkitEndpoint?: DatabaseEndpoint };
  const endpoint = shared.__authkitEndpoint;
  // Once per run: the last project's teardown finds nothing left to stop.
  delete shared.__authkitEndpoint;
  await endpoint?.release();
}
