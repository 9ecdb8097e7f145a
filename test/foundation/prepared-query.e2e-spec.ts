import { preparedQuery } from '@authkit/core/internal';
import { DataSource } from 'typeorm';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const PREPARED = `SELECT name FROM pg_prepared_statements WHERE name LIKE 'authkit\\_%'`;

describe("hot-path queries: prepared statements on the host's pool", () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('prepared');
    // One connection, so the statements seen are the ones the queries made.
    dataSource = new DataSource({ type: 'postgres', url: db.url, poolSize: 1 });
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  it('are prepared once per connection, under a name derived from their text', async () => {
    expect(await preparedQuery(dataSource, 'SELECT $1::int + 1 AS "next"', [41])).toEqual([
      { next: 42 },
    ]);
    expect(await preparedQuery(dataSource, 'SELECT $1::int + 1 AS "next"', [1])).toEqual([
      { next: 2 },
    ]);
    const names = await dataSource.query(PREPARED);
    expect(names).toHaveLength(1);
    expect(names[0].name).toMatch(/^authkit_[0-9a-f]{24}$/);
  });

  it('still answer when the server connection lost them (a pooler in transaction mode), and stop naming them from then on', async () => {
    await preparedQuery(dataSource, 'SELECT $1::text AS "echo"', ['before']);
    // What a transaction-mode pooler does: the next query lands on a server connection without the statement.
    await dataSource.query('DEALLOCATE ALL');
    expect(await preparedQuery(dataSource, 'SELECT $1::text AS "echo"', ['after'])).toEqual([
      { echo: 'after' },
    ]);
    expect(await preparedQuery(dataSource, 'SELECT $1::int * 2 AS "twice"', [21])).toEqual([
      { twice: 42 },
    ]);
    expect(await dataSource.query(PREPARED)).toEqual([]);
  });

  it('raise any other database error as it is', async () => {
    await expect(
      preparedQuery(dataSource, 'SELECT $1::int AS "n"', ['not a number']),
    ).rejects.toMatchObject({ code: '22P02' });
  });
});
