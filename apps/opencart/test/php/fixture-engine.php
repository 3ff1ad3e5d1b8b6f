<?php
// The part of OpenCart's engine the extension's harnesses stub, shared by run-extension.php and
// run-write-back.php: the Controller base class (its registry as properties), config, loader and log.

namespace Opencart\System\Engine {
	class Controller {
		public $config;
		public $load;
		public $db;
		public $log;
		public $request;
		public $response;
		public $model_checkout_order;
		public $user;
		public $language;
		public $model_setting_event;
		public $model_setting_setting;

		public function __construct(array $registry) {
			foreach ($registry as $name => $value) {
				$this->$name = $value;
			}
		}
	}
}

namespace {
	define('DB_PREFIX', 'oc_');
	define('VERSION', '4.0.2.3');

	final class FixtureConfig {
		public function __construct(private array $values) {}
		public function get(string $key) { return $this->values[$key] ?? null; }
	}

	final class FixtureLoader {
		public function model(string $route): void {}
		public function language(string $route): void {}
	}

	final class FixtureLog {
		public array $lines = [];
		public function write(string $line): void { $this->lines[] = $line; }
	}

	/**
	 * What OpenCart's Request does to every posted field before a controller sees it (Request::clean), for the
	 * major version given: OpenCart 3 escapes it with htmlspecialchars(ENT_COMPAT, 'UTF-8'), OpenCart 4 trims
	 * the escaped text as well. Keys are cleaned like values, as OpenCart does.
	 */
	function opencart_clean(mixed $data, int $major): mixed {
		if (is_array($data)) {
			$clean = [];
			foreach ($data as $key => $value) {
				$clean[opencart_clean($key, $major)] = opencart_clean($value, $major);
			}
			return $clean;
		}
		$escaped = htmlspecialchars((string)$data, ENT_COMPAT, 'UTF-8');
		return $major >= 4 ? trim($escaped) : $escaped;
	}
}
