// What the README's examples leave to the reader (a database, the request of an OAuth callback...), given to them
// when `readme.test.ts` runs them against the fake server.
import type { BulutfonClient } from '../src/index';

/** The names an example may use without declaring them. */
export interface ReadmeContext {
  /** The client of the Quick start. */
  bulutfon: BulutfonClient;
  /** Your database. */
  db: { insertMany(rows: unknown[]): Promise<void>; save(value: unknown): Promise<void> };
  /** The request your OAuth callback route received. */
  request: { url: string };
  /** Your session, holding the OAuth state. */
  session: { state: string };
  /** Reads a line the user typed. */
  readLine(): Promise<string>;
}

const holder: { context?: ReadmeContext } = {};

/** Sets what the examples get. */
export function provideReadmeContext(context: ReadmeContext): void {
  holder.context = context;
}

/** What an example gets. */
export function readmeContext(): ReadmeContext {
  if (!holder.context) throw new Error('readme.test.ts provides the README context');
  return holder.context;
}
