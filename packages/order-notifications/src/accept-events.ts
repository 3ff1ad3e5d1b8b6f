import { maskPhoneNumber, ValidationError } from '@x/messaging-core';
import type { NewVoiceJob } from './call-store';
import { codCallJobOf } from './cod-call-job';
import { type EngineContext, maxSegmentsOf, shopOf, shopTemplateContext } from './engine-context';
import type { CommittedUnit } from './group-commit';
import { outboxTextFields, renderMessage, skipReason } from './message-text';
import { toValidationIssues } from './notification-config';
import { type OrderEvent, orderEventSchema } from './order-event';
import type {
  AcceptUnit,
  NewOutboxMessage,
  OrderStateRecord,
  OutboxMessage,
  RecipientRole,
} from './outbox-store';
import { TRACKING_KEY_SUFFIX } from './outbox-store';
import { fingerprint, normalizeRecipient, type RecipientCheck } from './phone-number';
import { type PlannedMessage, pairStatusWithShipment, planNotifications } from './plan-notifications';
import { type TemplateValues, templateInputOf, templateValues } from './template';

/** Options of {@link NotificationEngine.accept} and {@link NotificationEngine.acceptAll}. */
export interface AcceptOptions {
  /**
   * Compare-and-record the order's state in the same transaction as the messages:
   * - `order.created` and `order.status_changed` store the order's status (`status.to`, else `order.status`);
   *   a status change to the status already stored queues nothing (counted in `unchanged`), and one without
   *   `status.from` gets the stored status as its previous status;
   * - `order.shipment_added` stores the tracking number; the number already stored queues nothing.
   * An event whose order carries its modification time (`order.updatedAt`) stores that time too, and one whose
   * time is older than the time stored changes nothing (counted in `unchanged`): a delivery that arrives late,
   * after a newer update of the order, neither messages the customer nor takes the order back to its older
   * status or tracking number. An event without the time, or a state stored without one, compares as above.
   * Either the status and the messages are both stored, or neither is: a failed accept leaves the platform's
   * retry to find the change again.
   */
  recordStatus?: boolean;
}

/** A notification that was deliberately not queued. */
export interface SkippedNotification {
  /** The recipient, masked, when there was one. */
  recipient?: string;
  /** Customer or admin. */
  role: RecipientRole;
  /** Why: `opted-out`, `invalid-phone-number:<reason>`, `no-phone`, `rule-disabled`, `not-a-new-order-status`... */
  reason: string;
}

/** What {@link NotificationEngine.accept} did. */
export interface AcceptResult {
  /** Messages queued for sending (recipients masked). */
  queued: OutboxMessage[];
  /** Messages already in the outbox from an earlier delivery of the same notification. */
  duplicates: number;
  /** Notifications not sent, with the reason (recorded in the outbox when they had a recipient). */
  skipped: SkippedNotification[];
  /**
   * Events that queued nothing because, with `recordStatus`, the status or tracking number they carry was
   * already the stored one, or was older than the stored one (an earlier modification time).
   */
  unchanged: number;
}

/** What accepting needs besides the context: the durable write and the id generator. */
export interface AcceptDependencies {
  /** Commits one unit (alone, or with others in a group commit). */
  commit(unit: AcceptUnit): Promise<CommittedUnit>;
  /** A new message id. */
  newId(): string;
  /** Told of the parsed (normalised) events of each committed accept; must not throw or wait. */
  accepted?(events: readonly OrderEvent[]): void;
}

/** The rows one event asks for, and the notifications it skips before any row exists. */
interface BuiltRows {
  rows: NewOutboxMessage[];
  skipped: SkippedNotification[];
  /** The check of the customer's number, made at most once per event (a customer row, a COD call). */
  customer?: () => RecipientCheck;
}

/** Checks a number; no number (or only spaces) is `no-phone`. */
function checkPhone(phone: string | undefined, defaultCountry: string): RecipientCheck {
  const trimmed = phone?.trim() ?? '';
  return trimmed === '' ? { ok: false, reason: 'no-phone' } : normalizeRecipient(trimmed, defaultCountry);
}

/** The state an event records with `recordStatus`, and whether an equal stored value makes it a no-op. */
interface StateRecord {
  record: OrderStateRecord;
  skipWhenEqual: boolean;
}

/** One event of an accept, with what is known before the commit. */
interface AcceptStep {
  event: OrderEvent;
  state: StateRecord | undefined;
  /** Index of its state in the unit's records; -1 when it records none. */
  recordIndex: number;
  /** Its rows, when they do not depend on the stored state. */
  built: BuiltRows | undefined;
}

/**
 * Refuses a malformed event or an unknown shop; returns the parsed event, whose text the schema normalised
 * (see `inbound-text.ts`): only it is used from here on.
 */
function validate(context: EngineContext, event: OrderEvent): OrderEvent {
  const parsed = orderEventSchema.safeParse(event);
  if (!parsed.success) {
    const details = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(event)'}: ${issue.message}`,
    );
    throw new ValidationError({
      message: `Invalid order event: ${details.join('; ')}`,
      issues: toValidationIssues(parsed.error),
      target: 'event',
    });
  }
  shopOf(context.config, event.shopId);
  return parsed.data as OrderEvent;
}

/** What the commit found before an accept's records: by record, the stored value and whether it was stale. */
interface Before {
  previous: readonly (string | undefined)[];
  stale: readonly boolean[];
}

/**
 * Whether a step changes anything: false when it records a state older than the one stored, or equal to it
 * when an equal state is a no-op.
 */
function isDue(step: AcceptStep, before: Before): boolean {
  if (step.state === undefined) return true;
  if (before.stale[step.recordIndex] === true) return false;
  return !(step.state.skipWhenEqual && before.previous[step.recordIndex] === step.state.record.value);
}

/**
 * The state an event records: its order's status or tracking number, with the order's modification time when
 * the event carries it. Two events of one order need no ordering here: the store compares and records them
 * one after the other in the same transaction (within one accept, and between the accepts of one group commit),
 * each against what the one before it wrote, so an older one that comes second is stale, and one that comes
 * first is overwritten by the newer one, as when they arrive in separate commits.
 */
function stateRecordOf(event: OrderEvent): StateRecord | undefined {
  if (event.order === undefined) return undefined;
  const shopId = event.shopId;
  const at = event.order.updatedAt === undefined ? {} : { modifiedAt: event.order.updatedAt };
  if (event.type === 'order.created') {
    return {
      record: { shopId, key: event.order.id, value: event.order.status, ...at },
      skipWhenEqual: false,
    };
  }
  if (event.type === 'order.status_changed') {
    const value = event.status?.to ?? event.order.status;
    return { record: { shopId, key: event.order.id, value, ...at }, skipWhenEqual: true };
  }
  if (event.type === 'order.shipment_added' && event.shipment !== undefined) {
    const key = `${event.order.id}${TRACKING_KEY_SUFFIX}`;
    return { record: { shopId, key, value: event.shipment.trackingNumber, ...at }, skipWhenEqual: true };
  }
  return undefined;
}

/**
 * Renders the messages one event asks for. Pure: no store access; two planned messages with the same
 * dedupe key (the same recipient for the same notification) give one row.
 */
function buildRows(context: EngineContext, newId: () => string, event: OrderEvent): BuiltRows {
  const shop = shopOf(context.config, event.shopId);
  const plan = planNotifications(event, shop);
  const skipped: SkippedNotification[] = plan.skipped.map(({ role, reason }) => ({ role, reason }));
  const values = templateValues(templateInputOf(event), shopTemplateContext(context, shop));
  let customer: RecipientCheck | undefined;
  const customerCheck = () => {
    customer ??= checkPhone(event.customer.phone, shop.defaultCountry);
    return customer;
  };
  const shared: RowInput = {
    event,
    customer: customerCheck,
    subject: plan.subject,
    values,
    maxSegments: maxSegmentsOf(context, shop),
    createdAt: context.now(),
  };
  const rows: NewOutboxMessage[] = [];
  const keys = new Set<string>();
  for (const planned of plan.messages) {
    const row = buildRow(context, shared, planned, newId);
    if (keys.has(row.dedupeKey)) continue;
    keys.add(row.dedupeKey);
    rows.push(row);
  }
  return { rows, skipped, customer: customerCheck };
}

/** What every row of one event shares. */
interface RowInput {
  event: OrderEvent;
  customer: () => RecipientCheck;
  subject: string;
  values: TemplateValues;
  maxSegments: number;
  createdAt: Date;
}

function buildRow(
  context: EngineContext,
  input: RowInput,
  planned: PlannedMessage,
  newId: () => string,
): NewOutboxMessage {
  const { event } = input;
  const shop = shopOf(context.config, event.shopId);
  const phone = planned.phone?.trim() ?? '';
  // A customer row is to the event's customer, whose number is checked once for the event.
  const checked =
    planned.role === 'customer' ? input.customer() : checkPhone(planned.phone, shop.defaultCountry);
  const e164 = checked.ok ? checked.e164 : 'e164' in checked ? checked.e164 : undefined;
  const recipientKey = e164 ?? (phone === '' ? 'none' : `invalid:${fingerprint(phone)}`);
  const measured = renderMessage(
    planned.template,
    input.values,
    event.order?.items ?? [],
    shop,
    input.maxSegments,
  );
  const row: NewOutboxMessage = {
    id: newId(),
    dedupeKey: [event.shopId, input.subject, planned.key, planned.role, recipientKey].join('|'),
    shopId: event.shopId,
    eventType: event.type,
    role: planned.role,
    recipient: e164 ?? (phone === '' ? '' : maskPhoneNumber(phone)),
    providerId: shop.provider,
    ...outboxTextFields(measured, skipReason(checked, measured)),
    createdAt: input.createdAt,
  };
  if (event.order !== undefined) row.orderId = event.order.id;
  if (event.order?.number !== undefined) row.orderNumber = event.order.number;
  if (shop.sender !== undefined) row.sender = shop.sender;
  return row;
}

/** What the inserted messages and the planned skips tell the caller (recipients masked). */
function summarize(inserted: readonly OutboxMessage[], skipped: SkippedNotification[]) {
  const queued: OutboxMessage[] = [];
  for (const message of inserted) {
    const masked = message.recipient === '' ? '' : maskPhoneNumber(message.recipient);
    if (message.status === 'queued') queued.push({ ...message, recipient: masked });
    else {
      const skip: SkippedNotification = { role: message.role, reason: message.reason ?? 'skipped' };
      if (masked !== '') skip.recipient = masked;
      skipped.push(skip);
    }
  }
  return { queued, skipped };
}

/**
 * The steps of an accept and the states they record; an event's rows are rendered now unless they depend on the
 * stored state (a status change without `status.from`, rendered inside the commit).
 */
function stepsOf(
  events: readonly OrderEvent[],
  options: AcceptOptions,
  build: (event: OrderEvent) => BuiltRows,
): { records: OrderStateRecord[]; steps: AcceptStep[] } {
  const records: OrderStateRecord[] = [];
  const steps = events.map((event): AcceptStep => {
    const state = options.recordStatus ? stateRecordOf(event) : undefined;
    if (state !== undefined) records.push(state.record);
    const dependsOnPrevious =
      state?.skipWhenEqual === true && !(event.type === 'order.status_changed' && event.status?.from);
    return {
      event,
      state,
      recordIndex: state === undefined ? -1 : records.length - 1,
      built: dependsOnPrevious ? undefined : build(event),
    };
  });
  return { records, steps };
}

/**
 * Creates the engine's `acceptAll`: events are validated, rendered into outbox rows and committed with ONE
 * durable write (with the order's recorded state, when asked). Rows that depend on the stored state (a status
 * change without `status.from`) are rendered inside the commit, once the previous state is known.
 * @param context - the engine's shared parts
 * @param dependencies - the commit and the id generator
 */
export function createAcceptAll(
  context: EngineContext,
  dependencies: AcceptDependencies,
): (events: readonly OrderEvent[], options?: AcceptOptions) => Promise<AcceptResult> {
  const build = (event: OrderEvent) => buildRows(context, dependencies.newId, event);

  /**
   * The rows of one step once the previous state is known; undefined when the event changes nothing.
   * @param shipment - the shipment of an event folded into this status change (statusChangeWithTracking)
   */
  function rowsAfter(
    step: AcceptStep,
    stored: Before,
    due: boolean,
    shipment: OrderEvent['shipment'],
  ): BuiltRows | undefined {
    if (step.state === undefined && shipment === undefined) return step.built!;
    if (!due) return undefined;
    if (step.built !== undefined && shipment === undefined) return step.built;
    const before = step.state === undefined ? undefined : stored.previous[step.recordIndex];
    let event = shipment === undefined ? step.event : { ...step.event, shipment };
    if (step.built === undefined && event.type === 'order.status_changed' && event.status && before) {
      event = { ...event, status: { ...event.status, from: before } };
    }
    return build(event);
  }

  /**
   * The rows of every step (`due`: which steps change something, see `isDue`): a shipment that comes with a
   * status change may be told in the status message.
   */
  function plan(steps: readonly AcceptStep[], stored: Before, due: readonly boolean[]) {
    const pairs = pairStatusWithShipment(
      steps.map((step, index) => (due[index] ? step.event : undefined)),
      context.config,
    );
    const folded = new Set(pairs.values());
    return steps.map((step, index): BuiltRows | undefined =>
      folded.has(index)
        ? { rows: [], skipped: [] }
        : rowsAfter(step, stored, due[index] === true, steps[pairs.get(index) ?? -1]?.event.shipment),
    );
  }

  return async function acceptAll(received, options = {}) {
    // Everything that can be refused is refused before the events join a batch; the parsed events carry the
    // normalised text, and only they are used from here on.
    const events = received.map((event) => validate(context, event));
    const { records, steps } = stepsOf(events, options, build);
    let planned: BuiltRows[] = [];
    let unchanged = 0;
    let due: boolean[] = [];
    const unit: AcceptUnit = {
      records,
      // A store that predates the comparison passes no stale flags: then no record is stale.
      plan(previous, stale = []) {
        const stored = { previous, stale };
        due = steps.map((step) => isDue(step, stored));
        const parts = plan(steps, stored, due);
        unchanged = parts.filter((part) => part === undefined).length;
        planned = parts.filter((part): part is BuiltRows => part !== undefined);
        return planned.flatMap((part) => part.rows);
      },
    };
    // A cash-on-delivery order's confirmation call is written in the same transaction as its messages, unless
    // its event turned out stale (`plan`, which runs first, says which steps are due).
    const jobs = steps.map((step) =>
      codCallJobOf(context, step.event, step.built?.customer, dependencies.newId),
    );
    if (jobs.some((job) => job !== undefined)) {
      unit.jobs = () =>
        jobs.filter((job, index): job is NewVoiceJob => job !== undefined && due[index] === true);
    }
    const { result } = await dependencies.commit(unit);
    dependencies.accepted?.(events);
    const { queued, skipped } = summarize(
      result.inserted,
      planned.flatMap((part) => part.skipped),
    );
    context.logger.debug?.(
      {
        shopId: events[0]?.shopId,
        eventTypes: events.map((event) => event.type),
        orderId: events[0]?.order?.id,
        queued: queued.length,
        duplicates: result.duplicates,
        skipped: skipped.length,
        unchanged,
      },
      'events accepted',
    );
    return { queued, duplicates: result.duplicates, skipped, unchanged };
  };
}
