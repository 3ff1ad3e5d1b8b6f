<?php
namespace Opencart\Catalog\Controller\Extension\XMessaging\Module;

/**
 * Forwards each order history change to the x-messaging notification service.
 *
 * Runs on catalog/model/checkout/order addHistory, BEFORE the history is written, so the order still has its
 * old status: an order being placed has status 0. The body is JSON signed with X-Webhook-Signature =
 * base64(HMAC-SHA256(body, secret)). Checkout waits for the service at most the configured timeout, once: the
 * current event and every re-send of a stored one share that one budget. A body the service did not acknowledge
 * with its own JSON answer is kept in the retry table and sent again on later events. Nothing here ever throws
 * into checkout.
 */
class XMessaging extends \Opencart\System\Engine\Controller {
	private const MAX_RETRIES_PER_EVENT = 5;
	private const MAX_ATTEMPTS = 50;

	/** The service took the body. */
	private const DELIVERED = 'delivered';
	/** The service answered that it will never take the body (logged): it is not sent again. */
	private const REFUSED = 'refused';
	/** Anything else: the body is kept and sent again later. */
	private const FAILED = 'failed';
	/**
	 * Not sent, as the request's time budget was spent, or cut off by its end before the service had a fair
	 * chance to answer (half the timeout): a stored body waits as it is, the attempt not counted.
	 */
	private const OUT_OF_TIME = 'out_of_time';
	/** The least time left, in milliseconds, that a body is sent with. */
	private const MIN_SEND_MS = 100;

	/**
	 * @param string $route the event route
	 * @param array  $args  addHistory's arguments: order_id, order_status_id, comment, notify, override
	 */
	public function addHistory(string &$route, array &$args): void {
		try {
			if (!$this->config->get('module_x_messaging_status')) {
				return;
			}
			$order_id = (int)($args[0] ?? 0);
			$new_status_id = (int)($args[1] ?? 0);
			if ($order_id <= 0) {
				return;
			}

			$this->load->model('checkout/order');
			$order = $this->model_checkout_order->getOrder($order_id);
			if (!$order) {
				return;
			}
			$old_status_id = (int)$order['order_status_id'];

			$products = [];
			foreach ($this->model_checkout_order->getProducts($order_id) as $product) {
				$products[] = [
					'name' => (string)$product['name'],
					'model' => (string)$product['model'],
					'quantity' => (int)$product['quantity'],
					'total' => (string)$product['total'],
				];
			}

			$status_name = '';
			if ($new_status_id > 0) {
				$query = $this->db->query("SELECT `name` FROM `" . DB_PREFIX . "order_status` WHERE `order_status_id` = '" . $new_status_id . "' AND `language_id` = '" . (int)$this->config->get('config_language_id') . "'");
				$status_name = $query->num_rows ? (string)$query->row['name'] : '';
			}

			$payload = [
				'event' => 'order.history',
				'event_id' => bin2hex(random_bytes(12)),
				'order_id' => $order_id,
				'old_status_id' => $old_status_id,
				'new_status_id' => $new_status_id,
				'new_status_name' => $status_name,
				'comment' => (string)($args[2] ?? ''),
				'notify' => !empty($args[3]),
				// With milliseconds, as the service orders an order's changes by this time (two within a second
				// too), and with the shop's UTC offset, which OpenCart's own dates do not carry.
				'occurred_at' => (new \DateTime())->format('Y-m-d\TH:i:s.vP'),
				'order' => [
					'order_id' => $order_id,
					'invoice_prefix' => (string)$order['invoice_prefix'],
					'invoice_no' => (int)$order['invoice_no'],
					'store_name' => (string)$order['store_name'],
					'customer_id' => (int)$order['customer_id'],
					'firstname' => (string)$order['firstname'],
					'lastname' => (string)$order['lastname'],
					'email' => (string)$order['email'],
					'telephone' => (string)$order['telephone'],
					'payment_method' => $order['payment_method'] ?? null,
					'shipping_method' => $order['shipping_method'] ?? null,
					'total' => (string)$order['total'],
					'currency_code' => (string)$order['currency_code'],
					'currency_value' => (string)$order['currency_value'],
					'date_added' => (string)$order['date_added'],
					'date_modified' => (string)$order['date_modified'],
					'products' => $products,
				],
			];

			// A field cut in the middle of a UTF-8 character would make the whole body unencodable: it is sent
			// with U+FFFD in its place instead. Any other encoding error throws, and is logged below.
			$body = json_encode($payload, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_INVALID_UTF8_SUBSTITUTE | JSON_THROW_ON_ERROR);
			// One time budget for the whole request: this event and every re-send share the configured timeout,
			// so checkout waits at most that long for the service, however many events are stored.
			$deadline = microtime(true) + $this->timeout();
			$outcome = $this->post($body, $deadline);
			if ($outcome !== self::DELIVERED && $outcome !== self::REFUSED) {
				// The service did not take it: keep it for a later event, and do not make checkout wait for
				// more attempts now.
				$this->db->query("INSERT INTO `" . DB_PREFIX . "x_messaging_retry` SET `body` = '" . $this->db->escape($body) . "', `attempts` = 1, `date_added` = NOW()");
				return;
			}
			$this->retryPending($deadline);
		} catch (\Throwable $error) {
			// The class only (and json_encode's own message, which names no data), never another error's text: it
			// may carry the order's data.
			$detail = $error instanceof \JsonException ? ': ' . $error->getMessage() : '';
			$this->log->write('x-messaging: order history not forwarded (' . get_class($error) . $detail . ')');
		}
	}

	/**
	 * Sends bodies the service did not acknowledge earlier, oldest first, a few per event, within what is left of
	 * the request's time budget; runs only after the service took the current event.
	 */
	private function retryPending(float $deadline): void {
		if ($this->msLeft($deadline) < self::MIN_SEND_MS) {
			return;
		}
		$query = $this->db->query("SELECT `retry_id`, `body`, `attempts` FROM `" . DB_PREFIX . "x_messaging_retry` ORDER BY `retry_id` ASC LIMIT " . self::MAX_RETRIES_PER_EVENT);
		foreach ($query->rows as $row) {
			$outcome = $this->post((string)$row['body'], $deadline);
			if ($outcome === self::DELIVERED || $outcome === self::REFUSED) {
				$this->db->query("DELETE FROM `" . DB_PREFIX . "x_messaging_retry` WHERE `retry_id` = '" . (int)$row['retry_id'] . "'");
				continue;
			}
			if ($outcome === self::OUT_OF_TIME) {
				break; // the budget is spent: the rest wait for the next event
			}
			if ((int)$row['attempts'] + 1 >= self::MAX_ATTEMPTS) {
				$this->log->write('x-messaging: giving up on a stored order event after ' . self::MAX_ATTEMPTS . ' attempts');
				$this->db->query("DELETE FROM `" . DB_PREFIX . "x_messaging_retry` WHERE `retry_id` = '" . (int)$row['retry_id'] . "'");
			} else {
				$this->db->query("UPDATE `" . DB_PREFIX . "x_messaging_retry` SET `attempts` = `attempts` + 1 WHERE `retry_id` = '" . (int)$row['retry_id'] . "'");
			}
			break; // the service did not take it: the rest wait for the next event
		}
	}

	/** The configured timeout in seconds, 1 to 10 (3 by default): the time budget of one request. */
	private function timeout(): int {
		return max(1, min(10, (int)($this->config->get('module_x_messaging_timeout') ?: 3)));
	}

	/** The milliseconds left before the deadline. */
	private function msLeft(float $deadline): int {
		return (int)floor(($deadline - microtime(true)) * 1000);
	}

	/**
	 * POSTs a signed body with the time left before the deadline: DELIVERED, REFUSED or FAILED (see answered()),
	 * or OUT_OF_TIME.
	 */
	private function post(string $body, float $deadline): string {
		$url = (string)$this->config->get('module_x_messaging_url');
		$secret = (string)$this->config->get('module_x_messaging_secret');
		if ($url === '' || $secret === '') {
			return self::FAILED;
		}
		$left_ms = $this->msLeft($deadline);
		if ($left_ms < self::MIN_SEND_MS) {
			return self::OUT_OF_TIME;
		}
		$signature = base64_encode(hash_hmac('sha256', $body, $secret, true));

		$curl = curl_init($url);
		curl_setopt_array($curl, [
			CURLOPT_POST => true,
			CURLOPT_POSTFIELDS => $body,
			CURLOPT_RETURNTRANSFER => true,
			// Limits under a second (the end of the budget) need cURL not to use signals.
			CURLOPT_NOSIGNAL => true,
			CURLOPT_CONNECTTIMEOUT_MS => $left_ms,
			CURLOPT_TIMEOUT_MS => $left_ms,
			CURLOPT_HTTPHEADER => [
				'Content-Type: application/json',
				'X-Webhook-Signature: ' . $signature,
				'User-Agent: OpenCart/' . VERSION . ' x-messaging-extension/1.0.0',
			],
		]);
		$answer = curl_exec($curl);
		$status = (int)curl_getinfo($curl, CURLINFO_RESPONSE_CODE);
		$timed_out = curl_errno($curl) === CURLE_OPERATION_TIMEDOUT;
		curl_close($curl);
		if ($timed_out && $left_ms * 2 < $this->timeout() * 1000) {
			return self::OUT_OF_TIME;
		}
		return $this->answered($status, is_string($answer) ? $answer : '');
	}

	/**
	 * What the answer to a body means. Only the service's own answer counts: 200 with its JSON `{"accepted":
	 * true, ...}` is DELIVERED; 400 or 413 with its JSON error `{"error": {"code", ...}}` is a body it will
	 * never take, REFUSED and logged. Everything else is FAILED and the body kept: no answer, a timeout or a
	 * 5xx quietly (they pass), any other answer with a log line, as it points at the settings: a 401 (the
	 * secret differs from the service's), a 404 (no such shop), or an answer that is not the service's at
	 * all, such as an HTML maintenance page or a proxy's error page, with whatever status.
	 */
	private function answered(int $status, string $answer): string {
		$json = json_decode($answer, true);
		if ($status === 200 && is_array($json) && ($json['accepted'] ?? null) === true) {
			return self::DELIVERED;
		}
		$code = is_array($json) && is_array($json['error'] ?? null) ? ($json['error']['code'] ?? null) : null;
		// The service's codes are short words; nothing else from the answer is written to the log.
		$code = is_string($code) && preg_match('/^[a-z0-9_]{1,64}$/', $code) ? $code : null;
		if (($status === 400 || $status === 413) && $code !== null) {
			$this->log->write('x-messaging: the service refused an order event for good (HTTP ' . $status . ' ' . $code . '); it is not sent again');
			return self::REFUSED;
		}
		if ($status !== 0 && $status < 500) {
			$this->log->write('x-messaging: an order event was not delivered and is kept for a retry (HTTP ' . $status . ' ' . ($code ?? 'from something other than the service: check the webhook URL') . ')');
		}
		return self::FAILED;
	}
}
