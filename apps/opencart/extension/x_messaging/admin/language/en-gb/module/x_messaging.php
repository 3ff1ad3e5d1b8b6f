<?php
$_['heading_title'] = 'x-messaging order SMS';
$_['text_extension'] = 'Extensions';
$_['text_success'] = 'Settings saved.';
$_['text_edit'] = 'Edit x-messaging order SMS';
$_['text_secret_set'] = 'A secret is stored; leave the field empty to keep it.';
$_['entry_status'] = 'Status';
$_['entry_url'] = 'Webhook URL';
$_['entry_secret'] = 'Webhook secret';
$_['entry_timeout'] = 'Timeout (seconds)';
$_['help_url'] = 'The notification service address, ending in /webhooks/opencart/<shop id>.';
$_['help_secret'] = 'The same value as the service\'s WEBHOOK_SECRET_<SHOP> environment variable (at least 8 characters).';
$_['help_timeout'] = 'How long checkout may wait for the service (1-10 s), in all: resending stored events shares this time. Events that fail are retried later.';
$_['error_permission'] = 'Warning: You do not have permission to modify this extension!';
$_['error_url'] = 'Enter the service URL, e.g. https://sms.example.com/webhooks/opencart/magaza';
$_['error_secret'] = 'The secret must have at least 8 characters.';
$_['error_timeout'] = 'Use a timeout between 1 and 10 seconds.';
