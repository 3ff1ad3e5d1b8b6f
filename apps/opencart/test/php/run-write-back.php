<?php
// Runs the catalog write-back route of the OpenCart extension outside OpenCart, with just enough of OpenCart's
// engine stubbed: config, request, response, the order model, the database and the log.
// Usage: php run-write-back.php <fixture.json>
// The fixture gives the settings, the orders, the status ids, the job ids already applied, the raw body and the
// signature header. Prints JSON: the HTTP status line, the answer, the history entries added, the applied ids.

namespace {
	require __DIR__ . '/fixture-engine.php';

	$fixture = json_decode(file_get_contents($argv[1]), true, 512, JSON_THROW_ON_ERROR);

	final class FixtureRequest {
		public function __construct(public array $server) {}
	}

	final class FixtureResponse {
		public array $headers = [];
		public string $output = '';
		public function addHeader(string $header): void { $this->headers[] = $header; }
		public function setOutput(string $output): void { $this->output = $output; }
	}

	/** The order model: getOrder and addHistory, which records the entries it would write. */
	final class FixtureOrders {
		public array $history = [];
		public function __construct(private array $orders, private bool $fail = false) {}
		public function getOrder(int $order_id): array { return $this->orders[(string)$order_id] ?? []; }
		public function addHistory(int $order_id, int $order_status_id, string $comment = '', bool $notify = false, bool $override = false): void {
			if ($this->fail) throw new \RuntimeException('the history could not be written');
			$this->history[] = ['order_id' => $order_id, 'order_status_id' => $order_status_id, 'comment' => $comment, 'notify' => $notify];
		}
	}

	/** The order_status and x_messaging_write_back tables, in memory. */
	final class FixtureDb {
		private int $affected = 0;
		/** The claimed ids when the open transaction began (null outside a transaction). */
		private ?array $before = null;
		/** Every statement, in order, for the test to read. */
		public array $log = [];
		public function __construct(private array $statuses, public array $applied) {}
		public function escape(string $value): string { return addslashes($value); }
		public function countAffected(): int { return $this->affected; }
		public function query(string $sql): object {
			$this->affected = 0;
			$this->log[] = preg_split('/\s/', trim($sql))[0];
			$none = (object)['num_rows' => 0, 'row' => [], 'rows' => []];
			if ($sql === 'START TRANSACTION') {
				$this->before = $this->applied;
			} elseif ($sql === 'COMMIT') {
				$this->before = null;
			} elseif ($sql === 'ROLLBACK') {
				$this->applied = $this->before ?? $this->applied;
				$this->before = null;
			}
			if (preg_match("/FROM `oc_order_status` WHERE `order_status_id` = '(\d+)'/", $sql, $match)) {
				return in_array((int)$match[1], $this->statuses, true) ? (object)['num_rows' => 1, 'row' => ['order_status_id' => (int)$match[1]], 'rows' => []] : $none;
			}
			if (preg_match("/^INSERT IGNORE INTO `oc_x_messaging_write_back` SET `job_id` = '([^']*)'/", $sql, $match)) {
				if (!in_array(stripslashes($match[1]), $this->applied, true)) {
					$this->applied[] = stripslashes($match[1]);
					$this->affected = 1;
				}
			}
			return $none;
		}
	}

	require __DIR__ . '/../../extension/x_messaging/catalog/controller/module/x_messaging_write_back.php';

	/** The route with the fixture's body in place of php://input. */
	final class FixtureWriteBack extends \Opencart\Catalog\Controller\Extension\XMessaging\Module\XMessagingWriteBack {
		public string $body = '';
		protected function rawBody(): string { return $this->body; }
	}

	$db = new FixtureDb($fixture['statuses'], $fixture['applied'] ?? []);
	$orders = new FixtureOrders($fixture['orders'], (bool)($fixture['failHistory'] ?? false));
	$response = new FixtureResponse();
	$log = new FixtureLog();
	$server = isset($fixture['signature']) ? ['HTTP_X_WEBHOOK_SIGNATURE' => $fixture['signature']] : [];
	$controller = new FixtureWriteBack([
		'config' => new FixtureConfig($fixture['config']),
		'load' => new FixtureLoader(),
		'db' => $db,
		'log' => $log,
		'request' => new FixtureRequest($server),
		'response' => $response,
		'model_checkout_order' => $orders,
	]);
	$controller->body = $fixture['body'];
	$controller->index();
	echo json_encode([
		'status' => (int)explode(' ', $response->headers[0] ?? 'HTTP/1.1 200')[1],
		'answer' => json_decode($response->output, true),
		'history' => $orders->history,
		'applied' => $db->applied,
		'statements' => $db->log,
		'log' => $log->lines,
	], JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES);
}
