import type { DatabaseEndpoint } from '@authkit/database';

export default async function globalTeardown(): Promise<void> {
  const endpoint = (globalThis as { __authkitEndpoint?: DatabaseEndpoint }).__authkitEndpoint;
  await endpoint?.release();
}
