<?php
// Runs the catalog write-back route of the OpenCart extension outside OpenCart, with just enough of OpenCart's
// engine stubbed: config, request, response, the order model, the database and the log.
// Usage: php run-write-back.php <fixture.json>
// The fixture gives the settings, the orders, the status ids, the job ids already applied, the tables that exist,
// an error for the claim to throw, the raw body and the signature header, and may run the admin side's install or
// settings save (the form's fields as typed; OpenCart's cleaning of the major version `opencart`, 4 by default,
// runs on them first) before; the route then reads the settings saved. Prints JSON: the HTTP status line, the
// answer, the history entries added, the applied ids, the tables, the statements, the log, and the save's answer,
// settings and tables (only the save's, for a fixture without a body).

namespace {
	require __DIR__ . '/fixture-engine.php';

	$fixture = json_decode(file_get_contents($argv[1]), true, 512, JSON_THROW_ON_ERROR);

	final class FixtureRequest {
		public function __construct(public array $server, public array $post = []) {}
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
		/** $fail: whether addHistory throws; a string is the database error's message it throws. */
		public function __construct(private array $orders, private bool|string $fail = false) {}
		public function getOrder(int $order_id): array { return $this->orders[(string)$order_id] ?? []; }
		public function addHistory(int $order_id, int $order_status_id, string $comment = '', bool $notify = false, bool $override = false): void {
			if (is_string($this->fail)) throw new \Exception($this->fail);
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
		/**
		 * The extension's tables that exist (a missing one makes a write to it throw, as OpenCart's driver does,
		 * with the message of the driver named: "mysqli" or "pdo"), and the error message the claim throws instead
		 * of claiming (null: none).
		 */
		public function __construct(private array $statuses, public array $applied, public array $tables, private string $driver = 'mysqli', private ?string $claimError = null) {}
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
			if (preg_match("/^CREATE TABLE IF NOT EXISTS `(oc_x_messaging_[a-z_]+)`/", $sql, $match) && !in_array($match[1], $this->tables, true)) {
				$this->tables[] = $match[1];
			}
			if (str_starts_with($sql, 'INSERT IGNORE INTO `oc_x_messaging_write_back`') && !in_array('oc_x_messaging_write_back', $this->tables, true)) {
				// The messages of OpenCart's mysqli and PDO drivers: the server's error, its number or state, the statement.
				throw new \Exception($this->driver === 'pdo'
					? "Error: SQLSTATE[42S02]: Base table or view not found: 1146 Table 'shop.oc_x_messaging_write_back' doesn't exist <br/>Error Code : 42S02 <br/>" . $sql
					: "Error: Table 'shop.oc_x_messaging_write_back' doesn't exist<br/>Error No: 1146<br/>" . $sql);
			}
			if (str_starts_with($sql, 'INSERT IGNORE INTO `oc_x_messaging_write_back`') && $this->claimError !== null) {
				throw new \Exception($this->claimError . '<br/>' . $sql);
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

	/** The admin side's permission check, event and setting models and language, for install and settings save. */
	final class FixtureUser {
		public function hasPermission(string $key, string $route): bool { return true; }
	}
	final class FixtureEvents {
		public function deleteEventByCode(string $code): void {}
		public function addEvent(array $event): int { return 1; }
	}
	final class FixtureSettings {
		/** The settings saved, by code. */
		public array $saved = [];
		public function editSetting(string $code, array $data, int $store_id = 0): void { $this->saved[$code] = $data; }
	}
	final class FixtureLanguage {
		public function get(string $key): string { return $key; }
	}

	require __DIR__ . '/../../extension/x_messaging/admin/controller/module/x_messaging.php';

	$db = new FixtureDb($fixture['statuses'], $fixture['applied'] ?? [], $fixture['tables'] ?? ['oc_x_messaging_retry', 'oc_x_messaging_write_back'], $fixture['driver'] ?? 'mysqli', $fixture['claimError'] ?? null);
	if ($fixture['install'] ?? false) {
		// A fresh install: the admin side installs the extension on the same database before the request.
		$admin = new \Opencart\Admin\Controller\Extension\XMessaging\Module\XMessaging([
			'load' => new FixtureLoader(),
			'db' => $db,
			'user' => new FixtureUser(),
			'model_setting_event' => new FixtureEvents(),
		]);
		$admin->install();
		$db->log = [];
	}
	$saved = null;
	if (isset($fixture['save'])) {
		// The shop owner saves the extension's settings (the form's fields) on the same database before the request.
		$settings = new FixtureSettings();
		$admin = new \Opencart\Admin\Controller\Extension\XMessaging\Module\XMessaging([
			'config' => new FixtureConfig($fixture['config']),
			'load' => new FixtureLoader(),
			'language' => new FixtureLanguage(),
			'db' => $db,
			'user' => new FixtureUser(),
			'request' => new FixtureRequest([], opencart_clean($fixture['save'], $fixture['opencart'] ?? 4)),
			'response' => new FixtureResponse(),
			'model_setting_setting' => $settings,
		]);
		$admin->save();
		$saved = ['answer' => json_decode($admin->response->output, true), 'settings' => $settings->saved, 'tables' => $db->tables];
		$db->log = [];
		// The route reads what the save stored.
		$fixture['config'] = array_merge($fixture['config'], $settings->saved['module_x_messaging'] ?? []);
	}
	if (!isset($fixture['body'])) {
		// No request: the admin side alone.
		echo json_encode(['saved' => $saved], JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES);
		exit;
	}
	$orders = new FixtureOrders($fixture['orders'], $fixture['failHistory'] ?? false);
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
		'tables' => $db->tables,
		'statements' => $db->log,
		'log' => $log->lines,
		'saved' => $saved,
	], JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES);
}
