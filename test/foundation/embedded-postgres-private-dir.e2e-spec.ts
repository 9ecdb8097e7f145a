import { mkdtemp, rm, stat, chmod } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedServer } from '../support/demo-process';

/**
 * As root, the embedded server runs as the `postgres` user, which cannot
 * enter a private directory (a root home is mode 700). A DATA_DIR there must
 * still work: the cluster is kept where that user can reach it, and nothing
 * is loosened on the private directory. (.ci/run also runs the whole
 * `npm test` from a clone inside a mode-700 directory, binaries included.)
 */
const asRoot = userInfo().uid === 0;

(asRoot ? describe : describe.skip)(
  'embedded PostgreSQL as root with DATA_DIR in a private directory',
  () => {
    let privateDir: string;
    let sharedDir: string;
    const savedShared = process.env.AUTHKIT_EMBEDDED_POSTGRES_SHARED_DIR;

    beforeAll(async () => {
      privateDir = await mkdtemp(join(tmpdir(), 'authkit-private-'));
      await chmod(privateDir, 0o700);
      sharedDir = await mkdtemp(join(tmpdir(), 'authkit-shared-'));
      await chmod(sharedDir, 0o755);
      process.env.AUTHKIT_EMBEDDED_POSTGRES_SHARED_DIR = sharedDir;
    });
    afterAll(async () => {
      if (savedShared === undefined) delete process.env.AUTHKIT_EMBEDDED_POSTGRES_SHARED_DIR;
      else process.env.AUTHKIT_EMBEDDED_POSTGRES_SHARED_DIR = savedShared;
      await rm(privateDir, { recursive: true, force: true });
      await rm(sharedDir, { recursive: true, force: true });
    });

    it('starts, keeps its data across restarts, and leaves the private directory private', async () => {
      const dataDir = join(privateDir, 'project', '.data');
      // In a process of its own (the child inherits AUTHKIT_EMBEDDED_POSTGRES_SHARED_DIR): jest cannot load the ES module.
      const first = await startEmbeddedServer(dataDir);
      try {
        await withClient(first.url, (client) =>
          client.query('CREATE TABLE kept (id int); INSERT INTO kept VALUES (7)'),
        );
      } finally {
        await first.stop();
      }
      const second = await startEmbeddedServer(dataDir);
      try {
        const rows = await withClient(
          second.url,
          async (client) => (await client.query('SELECT id FROM kept')).rows,
        );
        expect(rows).toEqual([{ id: 7 }]);
      } finally {
        await second.stop();
      }
      expect((await stat(privateDir)).mode & 0o777).toBe(0o700);
    });
  },
);

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
