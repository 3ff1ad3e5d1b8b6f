import { execFileSync } from 'node:child_process';
import { sampleOpenCartHistoryEvent } from '../src/opencart-samples';
import { runHarness } from './php-cli';

/** Whether a PHP CLI with the curl extension is installed (the extension's tests are skipped without one). */
export function phpWithCurl(): boolean {
  try {
    execFileSync('php', ['-r', 'exit(function_exists("curl_init") ? 0 : 1);'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

// The order as OpenCart's model returns it: the sample event's order, without the products, with its status.
const { products: _products, ...sampleOrder } = sampleOpenCartHistoryEvent({
  orderId: 7001,
  oldStatusId: 0,
  newStatusId: 2,
}).order;

/** The order the extension's tests change the status of. */
export const order = { ...sampleOrder, store_name: 'Kupa Dünyası', order_status_id: 0 };
const products = [{ name: 'Seramik Kupa Seti', model: 'KUPA-4', quantity: 3, total: '899.9000' }];

/** A row of the extension's retry table. */
export interface RetryRow {
  retry_id: number;
  body: string;
  attempts: number;
}

/** What the extension did in one addHistory call (see test/php/run-extension.php). */
export interface HarnessResult {
  queries: string[];
  log: string[];
  retry: RetryRow[];
}

/**
 * Runs the extension's addHistory (catalog event, PHP) for one status change of {@link order}.
 * @param folder - a folder of the test's own, for the fixture
 * @param options - the service's URL and the secret set, the status change, the settings' timeout (2 s by
 *   default), rows already in the retry table, order fields to change (`orderBytes`: as raw bytes), the products
 *   and the history comment (notified)
 * @returns the queries, the log and the retry table after the call
 */
export async function addHistory(
  folder: string,
  options: {
    url: string;
    secret: string;
    newStatusId: number;
    oldStatusId?: number;
    timeout?: number;
    retry?: RetryRow[];
    order?: Record<string, unknown>;
    orderBytes?: Record<string, Buffer>;
    products?: Record<string, unknown>[];
    comment?: string;
  },
): Promise<HarnessResult> {
  const orderBytes = Object.fromEntries(
    Object.entries(options.orderBytes ?? {}).map(([field, bytes]) => [field, bytes.toString('base64')]),
  );
  return runHarness<HarnessResult>(
    'run-extension',
    {
      config: {
        module_x_messaging_status: 1,
        module_x_messaging_url: options.url,
        module_x_messaging_secret: options.secret,
        module_x_messaging_timeout: options.timeout ?? 2,
        config_language_id: 1,
      },
      order: { ...order, order_status_id: options.oldStatusId ?? 0, ...options.order },
      orderBytes,
      products: options.products ?? products,
      statuses: { '1': 'Beklemede', '2': 'İşleniyor', '5': 'Tamamlandı' },
      retry: options.retry ?? [],
      args: [order.order_id, options.newStatusId, options.comment ?? '', true, false],
    },
    folder,
  );
}
