<?php
namespace Opencart\Admin\Controller\Extension\XMessaging\Module;

use Opencart\System\Library\Extension\XMessaging\Tables;

require_once __DIR__ . '/../../../system/library/tables.php';

/**
 * Settings page, install and uninstall of the x-messaging order SMS extension.
 *
 * Install registers one catalog event on the order history model (before the history is written, so the old
 * status can still be read) and creates the extension's tables: the retry table used when the notification
 * service cannot be reached, and the table of applied write-back jobs of the catalog route x_messaging_write_back.
 * Saving the settings creates any table that is missing, so a shop that updated the extension's files without
 * reinstalling it gets the tables of the new version by saving its settings once (the write-back route also
 * creates them when it finds its table missing). The tables are defined once, in system/library/tables.php.
 * Uninstall drops both.
 */
class XMessaging extends \Opencart\System\Engine\Controller {
	private const CODE = 'x_messaging';

	public function index(): void {
		$this->load->language('extension/x_messaging/module/x_messaging');
		$this->document->setTitle($this->language->get('heading_title'));

		$separator = version_compare(VERSION, '4.0.2.0', '>=') ? '.' : '|';
		$data['breadcrumbs'] = [
			['text' => $this->language->get('text_home'), 'href' => $this->url->link('common/dashboard', 'user_token=' . $this->session->data['user_token'])],
			['text' => $this->language->get('text_extension'), 'href' => $this->url->link('marketplace/extension', 'user_token=' . $this->session->data['user_token'] . '&type=module')],
			['text' => $this->language->get('heading_title'), 'href' => $this->url->link('extension/x_messaging/module/x_messaging', 'user_token=' . $this->session->data['user_token'])],
		];
		$data['save'] = $this->url->link('extension/x_messaging/module/x_messaging' . $separator . 'save', 'user_token=' . $this->session->data['user_token']);
		$data['back'] = $this->url->link('marketplace/extension', 'user_token=' . $this->session->data['user_token'] . '&type=module');

		$data['module_x_messaging_status'] = (int)$this->config->get('module_x_messaging_status');
		// Stored as typed (see posted()), so escaped here: OpenCart's templates print values as they are.
		$data['module_x_messaging_url'] = htmlspecialchars((string)$this->config->get('module_x_messaging_url'), ENT_QUOTES, 'UTF-8');
		$data['module_x_messaging_secret_set'] = $this->config->get('module_x_messaging_secret') !== null && $this->config->get('module_x_messaging_secret') !== '';
		$data['module_x_messaging_timeout'] = (int)($this->config->get('module_x_messaging_timeout') ?: 3);

		$data['header'] = $this->load->controller('common/header');
		$data['column_left'] = $this->load->controller('common/column_left');
		$data['footer'] = $this->load->controller('common/footer');

		$this->response->setOutput($this->load->view('extension/x_messaging/module/x_messaging', $data));
	}

	public function save(): void {
		$this->load->language('extension/x_messaging/module/x_messaging');
		$json = [];

		if (!$this->user->hasPermission('modify', 'extension/x_messaging/module/x_messaging')) {
			$json['error']['warning'] = $this->language->get('error_permission');
		}

		$url = trim($this->posted('module_x_messaging_url'));
		if (!preg_match('#^https?://[^\s]+/webhooks/opencart/[a-z0-9][a-z0-9_-]{0,62}$#', $url)) {
			$json['error']['url'] = $this->language->get('error_url');
		}

		$secret = $this->posted('module_x_messaging_secret');
		if ($secret === '') {
			// An empty field keeps the stored secret (it is never shown back).
			$secret = (string)$this->config->get('module_x_messaging_secret');
		}
		if (strlen($secret) < 8) {
			$json['error']['secret'] = $this->language->get('error_secret');
		}

		$timeout = (int)($this->request->post['module_x_messaging_timeout'] ?? 3);
		if ($timeout < 1 || $timeout > 10) {
			$json['error']['timeout'] = $this->language->get('error_timeout');
		}

		if (!$json) {
			Tables::create($this->db);
			$this->load->model('setting/setting');
			$this->model_setting_setting->editSetting('module_x_messaging', [
				'module_x_messaging_status' => (int)($this->request->post['module_x_messaging_status'] ?? 0),
				'module_x_messaging_url' => $url,
				'module_x_messaging_secret' => $secret,
				'module_x_messaging_timeout' => $timeout,
			]);
			$json['success'] = $this->language->get('text_success');
		}

		$this->response->addHeader('Content-Type: application/json');
		$this->response->setOutput(json_encode($json));
	}

	/**
	 * A text field of the settings form as the owner typed it. OpenCart escapes every posted field before any
	 * controller runs (Request::clean: htmlspecialchars with ENT_COMPAT and UTF-8 in OpenCart 3 and 4, trimmed
	 * too in 4), so a secret typed as `a&b<c>"d"` arrives as `a&amp;b&lt;c&gt;&quot;d&quot;`. Stored that way,
	 * it would sign every event with another key than the service's. The cleaning escapes every `&`, so each
	 * `&` it leaves starts an entity it wrote, and decoding once gives back exactly what was typed (spaces at
	 * either end excepted: OpenCart 4 has dropped them).
	 */
	private function posted(string $key): string {
		return html_entity_decode((string)($this->request->post[$key] ?? ''), ENT_QUOTES | ENT_HTML5, 'UTF-8');
	}

	public function install(): void {
		if (!$this->user->hasPermission('modify', 'extension/x_messaging/module/x_messaging')) {
			return;
		}
		$this->load->model('setting/event');
		$this->model_setting_event->deleteEventByCode(self::CODE);

		// The trigger names the model method with '/' before 4.1 and '.' from 4.1; the action separator changed in 4.0.2.
		$trigger = version_compare(VERSION, '4.1.0.0', '>=')
			? 'catalog/model/checkout/order.addHistory/before'
			: 'catalog/model/checkout/order/addHistory/before';
		$separator = version_compare(VERSION, '4.0.2.0', '>=') ? '.' : '|';

		$event = [
			'code' => self::CODE,
			'description' => 'Sends order status changes to the x-messaging notification service',
			'trigger' => $trigger,
			'action' => 'extension/x_messaging/module/x_messaging' . $separator . 'addHistory',
			'status' => 1,
			'sort_order' => 0,
		];
		$this->model_setting_event->addEvent($event);

		Tables::create($this->db);
	}

	public function uninstall(): void {
		if (!$this->user->hasPermission('modify', 'extension/x_messaging/module/x_messaging')) {
			return;
		}
		$this->load->model('setting/event');
		$this->model_setting_event->deleteEventByCode(self::CODE);
		$this->load->model('setting/setting');
		$this->model_setting_setting->deleteSetting('module_x_messaging');
		$this->db->query("DROP TABLE IF EXISTS `" . DB_PREFIX . "x_messaging_retry`");
		$this->db->query("DROP TABLE IF EXISTS `" . DB_PREFIX . "x_messaging_write_back`");
	}
}
