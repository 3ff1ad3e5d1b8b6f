import { describeAdminStore } from './admin-store-suite';
import { openSqliteHarness } from './harness';
import { describeOutboxStore } from './store-suite';

describeOutboxStore('sqlite', openSqliteHarness);
describeAdminStore('sqlite', openSqliteHarness);
