/*
 * The part of a `pg` pool the PostgreSQL store uses, described structurally: `pg` is an optional peer
 * dependency, so the public types must not import it. A `pg.Pool` fits these interfaces as it is.
 */

/** A row of a query result: column name to value. */
export type PostgresRow = Record<string, unknown>;

/** The part of a query result the store reads. */
export interface PostgresQueryResult<Row> {
  rows: Row[];
  rowCount: number | null;
}

/** Something that runs a parameterised query: a pool, or one of its clients. */
export interface PostgresQueryable {
  /** Runs `text` with `$1`, `$2`… bound to `values`. */
  query<Row extends PostgresRow = PostgresRow>(
    text: string,
    values?: unknown[],
  ): Promise<PostgresQueryResult<Row>>;
}

/** A connection checked out of a pool (a `pg.PoolClient`). */
export interface PostgresPoolClient extends PostgresQueryable {
  /** Gives the connection back to its pool; with an error, the pool discards it. */
  release(error?: Error | boolean): void;
}

/** A connection pool (a `pg.Pool`). */
export interface PostgresPool extends PostgresQueryable {
  /** Checks a connection out, for a transaction. */
  connect(): Promise<PostgresPoolClient>;
  /** Closes every connection. */
  end(): Promise<void>;
}
