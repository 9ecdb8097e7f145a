import type { ObjectLiteral, Repository } from 'typeorm';
import { sqlTable } from '../database/prepared-query';

/**
 * Deletes the rows of `repository`'s table matching `condition` (SQL over the
 * table's columns, `$1...` bound to `parameters`), `batchSize` rows per
 * statement so a large purge never holds long locks. Returns how many went.
 */
export async function deleteInBatches<Entity extends ObjectLiteral>(
  repository: Repository<Entity>,
  condition: string,
  parameters: unknown[],
  batchSize: number,
): Promise<number> {
  const table = sqlTable(repository.manager.connection, repository.target as Function);
  const limit = `$${parameters.length + 1}`;
  const sql = `DELETE FROM ${table} WHERE ctid IN (SELECT ctid FROM ${table} WHERE ${condition} LIMIT ${limit})`;
  let total = 0;
  for (;;) {
    const result: [unknown[], number] = await repository.query(sql, [...parameters, batchSize]);
    const deleted = result[1];
    total += deleted;
    if (deleted < batchSize) return total;
  }
}
