import type { DatabaseEndpoint } from '../../libs/core/src/database/database-endpoint';

export default async function globalTeardown(): Promise<void> {
  const endpoint = (globalThis as { __authkitEndpoint?: DatabaseEndpoint }).__authkitEndpoint;
  await endpoint?.release();
}
