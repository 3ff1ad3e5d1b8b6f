import { openPostgresHarness, openSqliteHarness } from './harness';
import { describeStaleUpdates } from './stale-updates-suite';

describeStaleUpdates('sqlite', openSqliteHarness);
describeStaleUpdates('postgres', openPostgresHarness);
