<?php
// Runs the catalog controller of the OpenCart extension outside OpenCart, with just enough of OpenCart's
// engine stubbed for its addHistory event: config, the order model, the database and the log.
// Usage: php run-extension.php <fixture.json>
// The fixture gives the settings, the order, its products, the order statuses, rows already in the retry
// table and the event arguments; `orderBytes` gives order fields as base64 bytes, for text JSON cannot carry
// (broken UTF-8). Prints JSON: the queries run, the log lines and the final retry table.

namespace {
	require __DIR__ . '/fixture-engine.php';

	$fixture = json_decode(file_get_contents($argv[1]), true, 512, JSON_THROW_ON_ERROR);
	foreach ($fixture['orderBytes'] ?? [] as $field => $bytes) {
		$fixture['order'][$field] = base64_decode($bytes, true);
	}

	final class FixtureOrders {
		public function __construct(private array $order, private array $products) {}
		public function getOrder(int $order_id): array { return $order_id === (int)$this->order['order_id'] ? $this->order : []; }
		public function getProducts(int $order_id): array { return $this->products; }
	}

	/** The three tables the controller touches, kept in memory; every query is recorded. */
	final class FixtureDb {
		public array $queries = [];
		private int $next_id = 1;

		public function __construct(private array $statuses, public array $retry) {
			foreach ($this->retry as $row) {
				$this->next_id = max($this->next_id, (int)$row['retry_id'] + 1);
			}
		}

		public function escape(string $value): string { return addslashes($value); }

		public function query(string $sql): object {
			$this->queries[] = $sql;
			if (preg_match("/FROM `oc_order_status` WHERE `order_status_id` = '(\d+)'/", $sql, $match)) {
				$name = $this->statuses[$match[1]] ?? null;
				return (object)['num_rows' => $name === null ? 0 : 1, 'row' => ['name' => $name], 'rows' => []];
			}
			if (str_starts_with($sql, 'SELECT `retry_id`')) {
				return (object)['num_rows' => count($this->retry), 'row' => $this->retry[0] ?? [], 'rows' => $this->retry];
			}
			if (preg_match("/^INSERT INTO `oc_x_messaging_retry` SET `body` = '(.*)', `attempts` = 1/s", $sql, $match)) {
				$this->retry[] = ['retry_id' => $this->next_id++, 'body' => stripslashes($match[1]), 'attempts' => 1];
			} elseif (preg_match("/^DELETE FROM `oc_x_messaging_retry` WHERE `retry_id` = '(\d+)'/", $sql, $match)) {
				$this->retry = array_values(array_filter($this->retry, fn ($row) => (int)$row['retry_id'] !== (int)$match[1]));
			} elseif (preg_match("/^UPDATE `oc_x_messaging_retry` SET `attempts` = `attempts` \+ 1 WHERE `retry_id` = '(\d+)'/", $sql, $match)) {
				foreach ($this->retry as &$row) {
					if ((int)$row['retry_id'] === (int)$match[1]) {
						$row['attempts']++;
					}
				}
			}
			return (object)['num_rows' => 0, 'row' => [], 'rows' => []];
		}
	}

	require __DIR__ . '/../../extension/x_messaging/catalog/controller/module/x_messaging.php';

	$db = new FixtureDb($fixture['statuses'], $fixture['retry'] ?? []);
	$log = new FixtureLog();
	$controller = new \Opencart\Catalog\Controller\Extension\XMessaging\Module\XMessaging([
		'config' => new FixtureConfig($fixture['config']),
		'load' => new FixtureLoader(),
		'db' => $db,
		'log' => $log,
		'model_checkout_order' => new FixtureOrders($fixture['order'], $fixture['products']),
	]);

	$route = 'checkout/order/addHistory';
	$args = $fixture['args'];
	$started = microtime(true);
	$controller->addHistory($route, $args);
	echo json_encode([
		'queries' => $db->queries,
		'log' => $log->lines,
		'retry' => $db->retry,
		'seconds' => microtime(true) - $started,
	], JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES);
}
