import type { DatabaseEndpoint } from '@authkit/core';

export default async function globalTeardown(): Promise<void> {
  const endpoint = (globalThis as { __authkitEndpoint?: DatabaseEndpoint }).__authkitEndpoint;
  await endpoint?.release();
}
