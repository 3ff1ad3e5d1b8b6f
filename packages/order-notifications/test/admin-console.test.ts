import { describeAdminConsole } from './admin-console-suite';
import { openPostgresHarness, openSqliteHarness } from './harness';

describeAdminConsole('SQLite', openSqliteHarness);
describeAdminConsole('PostgreSQL', openPostgresHarness);
