<?php
namespace Opencart\Catalog\Controller\Extension\XMessaging\Module;

/**
 * Forwards each order history change to the x-messaging notification service.
 *
 * Runs on catalog/model/checkout/order addHistory, BEFORE the history is written, so the order still has its
 * old status: an order being placed has status 0. The body is JSON signed with X-Webhook-Signature =
 * base64(HMAC-SHA256(body, secret)). The call is short (the configured timeout) so checkout never waits long;
 * a body the service did not acknowledge with its own JSON answer is kept in the retry table and sent again on
 * later events. Nothing here ever throws into checkout.
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
				'occurred_at' => date('Y-m-d H:i:s'),
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
			if ($this->post($body) === self::FAILED) {
				// The service did not take it: keep it for a later event, and do not make checkout wait for
				// more attempts now.
				$this->db->query("INSERT INTO `" . DB_PREFIX . "x_messaging_retry` SET `body` = '" . $this->db->escape($body) . "', `attempts` = 1, `date_added` = NOW()");
				return;
			}
			$this->retryPending();
		} catch (\Throwable $error) {
			// The class only (and json_encode's own message, which names no data), never another error's text: it
			// may carry the order's data.
			$detail = $error instanceof \JsonException ? ': ' . $error->getMessage() : '';
			$this->log->write('x-messaging: order history not forwarded (' . get_class($error) . $detail . ')');
		}
	}

	/** Sends bodies the service did not acknowledge earlier, oldest first, a few per event; runs only after the service took the current event. */
	private function retryPending(): void {
		$query = $this->db->query("SELECT `retry_id`, `body`, `attempts` FROM `" . DB_PREFIX . "x_messaging_retry` ORDER BY `retry_id` ASC LIMIT " . self::MAX_RETRIES_PER_EVENT);
		foreach ($query->rows as $row) {
			if ($this->post((string)$row['body']) !== self::FAILED) {
				$this->db->query("DELETE FROM `" . DB_PREFIX . "x_messaging_retry` WHERE `retry_id` = '" . (int)$row['retry_id'] . "'");
				continue;
			}
			if ((int)$row['attempts'] + 1 >= self::MAX_ATTEMPTS) {
				$this->log->write('x-messaging: giving up on a stored order event after ' . self::MAX_ATTEMPTS . ' attempts');
				$this->db->query("DELETE FROM `" . DB_PREFIX . "x_messaging_retry` WHERE `retry_id` = '" . (int)$row['retry_id'] . "'");
			} else {
				$this->db->query("UPDATE `" . DB_PREFIX . "x_messaging_retry` SET `attempts` = `attempts` + 1 WHERE `retry_id` = '" . (int)$row['retry_id'] . "'");
			}
			break; // the service is unreachable: do not delay checkout further
		}
	}

	/** POSTs a signed body: DELIVERED, REFUSED or FAILED (see answered()). */
	private function post(string $body): string {
		$url = (string)$this->config->get('module_x_messaging_url');
		$secret = (string)$this->config->get('module_x_messaging_secret');
		if ($url === '' || $secret === '') {
			return self::FAILED;
		}
		$signature = base64_encode(hash_hmac('sha256', $body, $secret, true));
		$timeout = max(1, min(10, (int)($this->config->get('module_x_messaging_timeout') ?: 3)));

		$curl = curl_init($url);
		curl_setopt_array($curl, [
			CURLOPT_POST => true,
			CURLOPT_POSTFIELDS => $body,
			CURLOPT_RETURNTRANSFER => true,
			CURLOPT_CONNECTTIMEOUT => $timeout,
			CURLOPT_TIMEOUT => $timeout,
			CURLOPT_HTTPHEADER => [
				'Content-Type: application/json',
				'X-Webhook-Signature: ' . $signature,
				'User-Agent: OpenCart/' . VERSION . ' x-messaging-extension/1.0.0',
			],
		]);
		$answer = curl_exec($curl);
		$status = (int)curl_getinfo($curl, CURLINFO_RESPONSE_CODE);
		curl_close($curl);
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
