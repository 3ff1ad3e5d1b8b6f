<?php
namespace Opencart\System\Library\Extension\XMessaging;

/**
 * The extension's tables, in one place for every side of the extension that creates them.
 */
class Tables {
	/**
	 * Creates the extension's tables that do not exist yet: the retry table of the events the service did not
	 * take, and the table the write-back route claims each job id in. Never call it inside a transaction: MySQL
	 * commits the open transaction before a CREATE TABLE.
	 *
	 * @param object $db OpenCart's database (its query method).
	 */
	public static function create(object $db): void {
		$db->query("CREATE TABLE IF NOT EXISTS `" . DB_PREFIX . "x_messaging_retry` (
			`retry_id` INT(11) NOT NULL AUTO_INCREMENT,
			`body` MEDIUMTEXT NOT NULL,
			`attempts` INT(11) NOT NULL DEFAULT 0,
			`date_added` DATETIME NOT NULL,
			PRIMARY KEY (`retry_id`)
		) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci");
		// The write-back route claims each job id here (InnoDB: the claim and the history entry are one transaction).
		$db->query("CREATE TABLE IF NOT EXISTS `" . DB_PREFIX . "x_messaging_write_back` (
			`job_id` VARCHAR(100) NOT NULL,
			`order_id` INT(11) NOT NULL,
			`date_added` DATETIME NOT NULL,
			PRIMARY KEY (`job_id`)
		) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci");
	}
}
