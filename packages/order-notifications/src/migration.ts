/**
 * One change of an index, listed by a migration apart from plain statements: PostgreSQL makes it `CONCURRENTLY`,
 * outside a transaction, so that the table is read and written meanwhile; SQLite makes it in the migration's
 * transaction, as any statement. `drop` names an index to drop if it exists; `create` names an index to build and
 * `on` is what follows `ON` in `CREATE INDEX`: `{prefix}table (columns)`, maybe with `WHERE condition`. There is
 * no UNIQUE index here (see `outboxIndexMigration`).
 */
export type IndexChange = { drop: string } | { create: string; on: string };

/**
 * One versioned schema migration: plain statements, which run in one transaction with the version's row, or index
 * changes, which PostgreSQL makes one by one outside a transaction and then records the version. Not both: a crash
 * between the two would leave the statements committed and the version unrecorded, and the next start would run
 * them again, whereas every index change can be run again (an index is dropped if it exists, built if it is
 * missing, and built again if a build that failed left it invalid).
 */
export type Migration =
  | { version: number; statements: string[] }
  | { version: number; indexes: IndexChange[] };

/**
 * The SQL of an index change, `{prefix}` left in place.
 * @param change - the index to drop or build
 * @param concurrently - PostgreSQL's concurrent form (`CONCURRENTLY`, a build skipped if the index exists);
 *   otherwise a plain `DROP INDEX IF EXISTS` or `CREATE INDEX`
 */
export function indexStatement(change: IndexChange, concurrently: boolean): string {
  if ('drop' in change) {
    return `DROP INDEX${concurrently ? ' CONCURRENTLY' : ''} IF EXISTS {prefix}${change.drop}`;
  }
  return `CREATE INDEX${concurrently ? ' CONCURRENTLY IF NOT EXISTS' : ''} ${change.create} ON ${change.on}`;
}

/**
 * The SQL of a migration as one transaction runs it, `{prefix}` left in place: its statements, or its index
 * changes in their plain form. SQLite runs every migration so, PostgreSQL those without index changes.
 * @param migration - a versioned migration
 */
export function plainStatements(migration: Migration): string[] {
  if ('statements' in migration) return migration.statements;
  return migration.indexes.map((change) => indexStatement(change, false));
}
