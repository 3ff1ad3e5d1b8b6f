<?php
namespace Opencart\System\Library\Extension\XMessaging;

/**
 * The extension's tables, in one place for the admin side (install, saving the settings) and the catalog's
 * write-back route (a shop that updated the extension's files without saving its settings since).
 */
class Tables {
	/** The MySQL error of a statement on a table that does not exist (ER_NO_SUCH_TABLE, SQLSTATE 42S02). */
	public const NO_SUCH_TABLE = 1146;

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

	/**
	 * Whether an error of OpenCart's database says that the table named does not exist. OpenCart's drivers throw
	 * an \Exception whose message carries the error and the statement: mysqli "Error No: 1146", PDO
	 * "SQLSTATE[42S02]"; a driver that lets the driver's own exception through carries 1146 as its code. The
	 * table's name must appear too, so that a missing table of another statement is not taken for this one.
	 *
	 * @param \Throwable $error What a query threw.
	 * @param string $table The table's name without the prefix, e.g. "x_messaging_write_back".
	 */
	public static function isMissing(\Throwable $error, string $table): bool {
		$message = $error->getMessage();
		if (!str_contains($message, DB_PREFIX . $table)) {
			return false;
		}
		return $error->getCode() === self::NO_SUCH_TABLE
			|| preg_match('/Error No: ' . self::NO_SUCH_TABLE . '\b|SQLSTATE\[42S02\]/', $message) === 1;
	}
}
