<?php
namespace Opencart\Catalog\Controller\Extension\XMessaging\Module;

use Opencart\System\Library\Extension\XMessaging\Tables;

require_once __DIR__ . '/../../../system/library/tables.php';

/**
 * The write-back route the x-messaging service calls after a confirmation call:
 * POST index.php?route=extension/x_messaging/module/x_messaging_write_back
 *
 * The body is JSON: { "job_id", "order_id", "timestamp" (Unix seconds), "note"?, "order_status_id"? }, signed
 * like the extension's own webhooks, with X-Webhook-Signature = base64(HMAC-SHA256(raw body, secret)) and the
 * same secret (the service already holds it as WEBHOOK_SECRET_<SHOP>; one secret per shop is one less to leak
 * or rotate). A timestamp more than 5 minutes away from the shop's clock is refused, so a captured request
 * cannot be replayed later.
 *
 * The note is added, HTML-escaped as OpenCart stores comments, as an order history entry (not notifying the customer unless the
 * module_x_messaging_write_back_notify setting is on), with the new status when one is given, else the order's
 * current status. Each job id is applied once: the id is claimed in the x_messaging_write_back table (its
 * primary key) before the history is written, so a retried or replayed call answers 200 "already_applied" and
 * adds nothing. A table, rather than a marker in the comment, because the comment is the shop's text and the
 * lookup must not scan every history entry of the order. The table is created by the extension's install and by
 * saving its settings; a shop that uploaded a new version over an old install and never saved its settings since
 * has no table yet, so a claim that fails because the table does not exist creates the extension's tables (the
 * install's own statements) and tries the request once more. The normal path runs no CREATE statement. The claim
 * and the history entry are written in one transaction: if writing the history fails, or the process dies before
 * the commit, neither is kept, so the service's retry applies it (OpenCart 4 creates its tables as InnoDB; on a MyISAM order_history table the
 * history write cannot be rolled back, and a crash between the two writes would keep the claim alone).
 *
 * Answers JSON: 200 applied / already_applied, 400 malformed, 401 bad signature or stale timestamp,
 * 404 unknown order, 500 write_failed (nothing kept), 503 when the extension is disabled or has no secret.
 */
class XMessagingWriteBack extends \Opencart\System\Engine\Controller {
	public const WINDOW_SECONDS = 300;
	private const MAX_BODY = 16384;
	private const MAX_NOTE_BYTES = 8000;

	public function index(): void {
		if (!$this->config->get('module_x_messaging_status') || (string)$this->config->get('module_x_messaging_secret') === '') {
			$this->answer(503, 'disabled');
			return;
		}
		$body = $this->rawBody();
		if ($body === '' || strlen($body) > self::MAX_BODY) {
			$this->answer(400, 'malformed');
			return;
		}
		$expected = base64_encode(hash_hmac('sha256', $body, (string)$this->config->get('module_x_messaging_secret'), true));
		$given = (string)($this->request->server['HTTP_X_WEBHOOK_SIGNATURE'] ?? '');
		if (!hash_equals($expected, $given)) {
			$this->answer(401, 'bad_signature');
			return;
		}
		$request = $this->parse($body);
		if ($request === null) {
			$this->answer(400, 'malformed');
			return;
		}
		if (abs(time() - $request['timestamp']) > self::WINDOW_SECONDS) {
			$this->answer(401, 'stale_timestamp');
			return;
		}
		$this->apply($request);
	}

	/** The request's fields, typed and bounded, or null when any is missing or malformed. */
	private function parse(string $body): ?array {
		$data = json_decode($body, true);
		if (!is_array($data)) {
			return null;
		}
		$job_id = $data['job_id'] ?? null;
		$order_id = $data['order_id'] ?? null;
		$timestamp = $data['timestamp'] ?? null;
		$note = $data['note'] ?? null;
		$status_id = $data['order_status_id'] ?? null;
		if (!is_string($job_id) || !preg_match('/^[A-Za-z0-9:._-]{1,100}$/', $job_id)) {
			return null;
		}
		if (!is_int($order_id) || $order_id <= 0 || !is_int($timestamp)) {
			return null;
		}
		if ($note !== null && (!is_string($note) || $note === '' || strlen($note) > self::MAX_NOTE_BYTES || !preg_match('//u', $note))) {
			return null;
		}
		if ($status_id !== null && (!is_int($status_id) || $status_id <= 0)) {
			return null;
		}
		if ($note === null && $status_id === null) {
			return null;
		}
		return ['job_id' => $job_id, 'order_id' => $order_id, 'timestamp' => $timestamp, 'note' => (string)$note, 'order_status_id' => $status_id];
	}

	/** Writes the history entry once per job id. */
	private function apply(array $request): void {
		$this->load->model('checkout/order');
		$order = $this->model_checkout_order->getOrder($request['order_id']);
		if (!$order) {
			$this->answer(404, 'unknown_order');
			return;
		}
		if ($request['order_status_id'] !== null) {
			$query = $this->db->query("SELECT `order_status_id` FROM `" . DB_PREFIX . "order_status` WHERE `order_status_id` = '" . (int)$request['order_status_id'] . "' LIMIT 1");
			if (!$query->num_rows) {
				$this->answer(400, 'unknown_status');
				return;
			}
		}
		try {
			$result = $this->claimAndWrite($request, $order);
		} catch (\Throwable $error) {
			if (!Tables::isMissing($error, 'x_messaging_write_back')) {
				$this->failed($error);
				return;
			}
			// Updated files, settings not saved since: the install's tables, then the request once more.
			try {
				Tables::create($this->db);
				$this->log->write('x-messaging: created the write-back table (the extension was updated without saving its settings)');
				$result = $this->claimAndWrite($request, $order);
			} catch (\Throwable $error) {
				$this->failed($error);
				return;
			}
		}
		$this->answer(200, $result);
	}

	/**
	 * Claims the job id and writes the history entry in one transaction: "applied", or "already_applied" (and
	 * nothing written) when the id was claimed before. On any error it rolls back, so neither is kept, and throws.
	 */
	private function claimAndWrite(array $request, array $order): string {
		$job = $this->db->escape($request['job_id']);
		$this->db->query("START TRANSACTION");
		try {
			// A second call with the same id waits here for the first one's commit, then finds the row.
			$this->db->query("INSERT IGNORE INTO `" . DB_PREFIX . "x_messaging_write_back` SET `job_id` = '" . $job . "', `order_id` = '" . (int)$request['order_id'] . "', `date_added` = NOW()");
			if ($this->db->countAffected() === 0) {
				$this->db->query("ROLLBACK");
				return 'already_applied';
			}
			$status_id = $request['order_status_id'] ?? (int)$order['order_status_id'];
			$notify = (bool)$this->config->get('module_x_messaging_write_back_notify');
			// Stored escaped, as OpenCart stores every comment typed in its forms (Request::clean): its pages print
			// comments as they are stored, and the service decodes the order events carrying them once.
			$comment = htmlspecialchars($request['note'], ENT_COMPAT, 'UTF-8');
			$this->model_checkout_order->addHistory($request['order_id'], $status_id, $comment, $notify);
			$this->db->query("COMMIT");
		} catch (\Throwable $error) {
			$this->db->query("ROLLBACK");
			throw $error;
		}
		return 'applied';
	}

	/** Answers 500 write_failed (nothing was kept, the service retries), logging the error's class only. */
	private function failed(\Throwable $error): void {
		$this->log->write('x-messaging: order write-back failed (' . get_class($error) . ')');
		$this->answer(500, 'write_failed');
	}

	/** The raw request body (what the signature covers). */
	protected function rawBody(): string {
		return (string)file_get_contents('php://input', false, null, 0, self::MAX_BODY + 1);
	}

	private function answer(int $status, string $result): void {
		$reasons = [200 => 'OK', 400 => 'Bad Request', 401 => 'Unauthorized', 404 => 'Not Found', 500 => 'Internal Server Error', 503 => 'Service Unavailable'];
		$this->response->addHeader('HTTP/1.1 ' . $status . ' ' . $reasons[$status]);
		$this->response->addHeader('Content-Type: application/json');
		$this->response->setOutput(json_encode(['result' => $result]));
	}
}
