import type { NotificationEngine } from '@x/order-notifications';

/**
 * The part of the notification engine the admin API uses: its message log and actions, test messages, audit,
 * template versions, preview, overview, webhook statistics, sessions and opt-outs. The routes depend on this shape
 * only.
 */
export type AdminConsoleEngine = Pick<
  NotificationEngine,
  | 'messages'
  | 'sendTestMessage'
  | 'audit'
  | 'templates'
  | 'previewTemplate'
  | 'overview'
  | 'webhookStats'
  | 'sessions'
  | 'optOuts'
>;
