import type { NotificationConfig, NotificationRule, RuleEventType, ShopConfig } from './notification-config';
import type { OrderEvent } from './order-event';
import type { RecipientRole } from './outbox-store';

/** One message the rules ask for, before its recipient is checked. */
export interface PlannedMessage {
  /** Customer or admin. */
  role: RecipientRole;
  /** The phone as given (customer phone or admin phone); undefined when the customer has none. */
  phone: string | undefined;
  /** The template to render. */
  template: string;
  /**
   * What the message is about within its subject: `new-order`, `status:<slug>`, `note:<id>`,
   * `shipment:<tracking number>`, `registered`. Part of the dedupe key.
   */
  key: string;
  /** Where the rule lives in the configuration (for logs). */
  rulePath: string;
}

/** A notification the rules decided not to send. */
export interface PlannedSkip {
  /** Customer or admin. */
  role: RecipientRole;
  /** Why (`rule-disabled`, `not-a-new-order-status`, `private-note`, `covered-by-new-order`...). */
  reason: string;
}

/** What the rules ask for one event. */
export interface NotificationPlan {
  /** `order:<id>` or `customer:<id>`; part of the dedupe key. */
  subject: string;
  /** Messages to render and store. */
  messages: PlannedMessage[];
  /** Notifications deliberately not sent. */
  skipped: PlannedSkip[];
}

function addRule(
  plan: NotificationPlan,
  rule: NotificationRule | undefined,
  options: { key: string; rulePath: string; customerPhone: string | undefined; customerAllowed?: string },
): void {
  if (rule === undefined) {
    plan.skipped.push({ role: 'customer', reason: 'no-rule' });
    return;
  }
  if (!rule.enabled) {
    plan.skipped.push({ role: 'customer', reason: 'rule-disabled' });
    return;
  }
  if (rule.customerTemplate !== undefined) {
    if (options.customerAllowed !== undefined) {
      plan.skipped.push({ role: 'customer', reason: options.customerAllowed });
    } else {
      plan.messages.push({
        role: 'customer',
        phone: options.customerPhone,
        template: rule.customerTemplate,
        key: options.key,
        rulePath: options.rulePath,
      });
    }
  }
  if (rule.adminTemplate !== undefined) {
    for (const phone of rule.adminPhones) {
      plan.messages.push({
        role: 'admin',
        phone,
        template: rule.adminTemplate,
        key: options.key,
        rulePath: options.rulePath,
      });
    }
  }
}

function eventRulePath(type: RuleEventType): string {
  return `rules.events.${type}`;
}

/** The template a status message gets when it carries a shipment: its own, or its own plus a tracking line. */
function withTrackingLine(template: string, shipment: NonNullable<OrderEvent['shipment']>): string {
  if (template.includes('{tracking_number}') || template.includes('{tracking_url}')) return template;
  const company = shipment.trackingCompany ? '{tracking_company}' : 'Kargo';
  const url = shipment.trackingUrl ? ' {tracking_url}' : '';
  return `${template} ${company} takip no: {tracking_number}${url}`;
}

/**
 * Folds the shipment an arrival of a status carries into its messages (`statusChangeWithTracking:
 * 'one-message'`): for each role the shipment rule would message, a status message of that role gets the
 * tracking line and the shipment message is left out; a role without a status message gets the shipment message.
 */
function foldShipment(
  plan: NotificationPlan,
  shipment: NonNullable<OrderEvent['shipment']>,
  shop: ShopConfig,
  customerPhone: string | undefined,
): void {
  const shipping: NotificationPlan = { subject: plan.subject, messages: [], skipped: [] };
  addRule(shipping, shop.rules.events['order.shipment_added'], {
    key: `shipment:${shipment.trackingNumber}`,
    rulePath: eventRulePath('order.shipment_added'),
    customerPhone,
  });
  for (const role of ['customer', 'admin'] as const) {
    const shipped = shipping.messages.filter((message) => message.role === role);
    if (shipped.length === 0) continue;
    const status = plan.messages.filter((message) => message.role === role);
    if (status.length === 0) {
      plan.messages.push(...shipped);
      continue;
    }
    for (const message of status) message.template = withTrackingLine(message.template, shipment);
    plan.skipped.push({ role, reason: 'covered-by-status-change' });
  }
}

/**
 * Pairs, among the events of one accept, each `order.shipment_added` with an `order.created` or
 * `order.status_changed` of the same shop and order, when that shop's `statusChangeWithTracking` is
 * `one-message`: the status event then carries the shipment (see {@link planNotifications}) and the shipment
 * event plans nothing of its own. Pure.
 *
 * @param events - the events, `undefined` for one that queues nothing (its status or tracking number is the
 *   one already stored)
 * @param config - the configuration
 * @returns the index of the shipment event to fold, by the index of the status event that carries it
 */
export function pairStatusWithShipment(
  events: readonly (OrderEvent | undefined)[],
  config: NotificationConfig,
): Map<number, number> {
  const pairs = new Map<number, number>();
  const folded = new Set<number>();
  events.forEach((status, statusIndex) => {
    if (status?.type !== 'order.created' && status?.type !== 'order.status_changed') return;
    if (config.shops[status.shopId]?.statusChangeWithTracking !== 'one-message') return;
    const shipmentIndex = events.findIndex(
      (other, index) =>
        other?.type === 'order.shipment_added' &&
        !folded.has(index) &&
        other.shopId === status.shopId &&
        other.order?.id === status.order?.id,
    );
    if (shipmentIndex < 0) return;
    pairs.set(statusIndex, shipmentIndex);
    folded.add(shipmentIndex);
  });
  return pairs;
}

/**
 * Decides which notifications an event causes under a shop's rules. Pure.
 *
 * - `order.created` and `order.status_changed` are status arrivals. The first time an order reaches one of
 *   `newOrderStatuses` (and did not come from one), the `order.created` rule sends the "new order" messages;
 *   the rule of the status itself is then left out, so a customer never gets two messages for one change. A
 *   pending or failed order therefore never gets a confirmation.
 * - Other arrivals use the rule of the new status (`rules.status.<slug>`).
 * - An arrival of a status that carries `shipment` (see {@link pairStatusWithShipment}) sends one message per
 *   recipient for both, when the shop's `statusChangeWithTracking` is `one-message`.
 * - `order.note_added` sends the customer message only for customer-visible notes.
 *
 * @param event - a validated event
 * @param shop - the shop's resolved configuration
 */
export function planNotifications(event: OrderEvent, shop: ShopConfig): NotificationPlan {
  const customerPhone = event.customer.phone;
  const subject =
    event.order !== undefined
      ? `order:${event.order.id}`
      : `customer:${event.customer.id ?? event.customer.phone ?? event.customer.email ?? ''}`;
  const plan: NotificationPlan = { subject, messages: [], skipped: [] };
  switch (event.type) {
    case 'order.created':
    case 'order.status_changed': {
      const to = event.status?.to ?? event.order!.status;
      const from = event.status?.from;
      if (from !== undefined && from === to) {
        plan.skipped.push({ role: 'customer', reason: 'status-unchanged' });
        break;
      }
      const isNewOrder =
        shop.newOrderStatuses.includes(to) && (from === undefined || !shop.newOrderStatuses.includes(from));
      const newOrderRule = shop.rules.events['order.created'];
      const newOrderSends = isNewOrder && newOrderRule.enabled;
      if (isNewOrder) {
        addRule(plan, newOrderRule, {
          key: 'new-order',
          rulePath: eventRulePath('order.created'),
          customerPhone,
        });
      } else if (event.type === 'order.created') {
        plan.skipped.push({ role: 'customer', reason: 'not-a-new-order-status' });
      }
      // An own rule only: a status named like a property of every object (`constructor`) has no rule.
      const statusRule = Object.hasOwn(shop.rules.status, to) ? shop.rules.status[to] : undefined;
      if (newOrderSends) {
        if (statusRule?.enabled) plan.skipped.push({ role: 'customer', reason: 'covered-by-new-order' });
        break;
      }
      addRule(plan, statusRule, { key: `status:${to}`, rulePath: `rules.status.${to}`, customerPhone });
      break;
    }
    case 'order.note_added': {
      const note = event.note!;
      addRule(plan, shop.rules.events['order.note_added'], {
        key: `note:${note.id}`,
        rulePath: eventRulePath('order.note_added'),
        customerPhone,
        ...(note.customerVisible ? {} : { customerAllowed: 'private-note' }),
      });
      break;
    }
    case 'order.shipment_added': {
      addRule(plan, shop.rules.events['order.shipment_added'], {
        key: `shipment:${event.shipment!.trackingNumber}`,
        rulePath: eventRulePath('order.shipment_added'),
        customerPhone,
      });
      break;
    }
    case 'customer.registered': {
      addRule(plan, shop.rules.events['customer.registered'], {
        key: 'registered',
        rulePath: eventRulePath('customer.registered'),
        customerPhone,
      });
      break;
    }
  }
  const statusArrival = event.type === 'order.created' || event.type === 'order.status_changed';
  if (statusArrival && event.shipment !== undefined && shop.statusChangeWithTracking === 'one-message') {
    foldShipment(plan, event.shipment, shop, customerPhone);
  }
  return plan;
}
