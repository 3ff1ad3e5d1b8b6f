/**
 * Durable storage of the voice side: jobs (a cash-on-delivery confirmation call, a write-back of a note or a
 * status to the shop, a missed-call follow-up), the calls log, and the per-number limit of follow-up SMS. It
 * lives in the outbox's database ({@link OutboxStore.calls}), so a call job is written in the same transaction as
 * the order's SMS.
 */

/** What a voice job does. */
export type VoiceJobKind = 'cod-call' | 'write-back' | 'missed-call';

/**
 * Where a job is: `queued` (due at `nextAttemptAt`; a call waiting for its outcome is queued with its next
 * look-up time), `running` (claimed by a worker, until its lease ends), `done`, `failed` (gave up, see
 * `lastError`).
 */
export type VoiceJobStatus = 'queued' | 'running' | 'done' | 'failed';

/** One voice job. */
export interface VoiceJob {
  /** Unique id; a call's reference and a write-back's idempotency key derive from it. */
  id: string;
  /** Identity of the logical job (`cod-call|shop|order`): a second job with the same key is never written. */
  dedupeKey: string;
  /** See {@link VoiceJobKind}. */
  kind: VoiceJobKind;
  /** The shop. */
  shopId: string;
  /** The order, when the job is about one. */
  orderId?: string;
  /** The number the job is about, in E.164 (the customer called, or who called). */
  phone?: string;
  /** The job's own progress, as JSON-compatible data (see each job's handler). */
  state: Record<string, unknown>;
  /** See {@link VoiceJobStatus}. */
  status: VoiceJobStatus;
  /** How many times a worker claimed it. */
  attempts: number;
  /** When a worker may pick it up next. */
  nextAttemptAt: Date;
  /** When it was written. */
  createdAt: Date;
  /** When it last changed. */
  updatedAt: Date;
  /** The last error (no secret, numbers masked). */
  lastError?: string;
}

/** A job to write: the fields known when it is created; it starts `queued`. */
export type NewVoiceJob = Pick<
  VoiceJob,
  'id' | 'dedupeKey' | 'kind' | 'shopId' | 'orderId' | 'phone' | 'state' | 'nextAttemptAt' | 'createdAt'
>;

/** Fields {@link CallStore.updateJob} may change. */
export interface VoiceJobPatch {
  /** New status (`queued` releases the claim). */
  status?: VoiceJobStatus;
  /** The job's new progress. */
  state?: Record<string, unknown>;
  /** When it may be picked up next. */
  nextAttemptAt?: Date;
  /** The last error; `null` clears it. */
  lastError?: string | null;
}

/** Which jobs to claim. */
export interface ClaimJobsOptions {
  /** The current time. */
  now: Date;
  /** Most jobs to claim. */
  limit: number;
  /** How long the claim holds; a job whose claim ran out is claimable again (its handler reconciles). */
  leaseMs: number;
  /** Who claims. */
  workerId: string;
}

/** One call event in the calls log. Numbers are stored masked. */
export interface CallLogEntry {
  /** The shop whose PBX reported it. */
  shopId: string;
  /** The call's uuid. */
  uuid: string;
  /** The provider's name of the event (`call_hangup`). */
  eventName: string;
  /** The normalised event type (`call-ended`, `missed-call`...). */
  eventType: string;
  /** `inbound`, `outbound`, `internal` or `unknown`. */
  direction: string;
  /** The calling number, masked. */
  caller: string;
  /** The called number, masked. */
  callee: string;
  /** Seconds of conversation, when known. */
  talkSeconds?: number;
  /** Why the call ended, when known. */
  hangupCause?: string;
  /** Whether the call was placed through the API. */
  automatic: boolean;
  /** The order the call was matched to. */
  orderId?: string;
  /** When it happened. */
  at: Date;
}

/** A stored call event, with its position in the log. */
export interface StoredCallLogEntry extends CallLogEntry {
  /** Increasing id of the entry (the cursor of {@link CallStore.listCalls}). */
  id: number;
}

/** A filter of {@link CallStore.listCalls}: newest first. */
export interface CallLogFilter {
  /** One shop. */
  shopId?: string;
  /** One order. */
  orderId?: string;
  /** Entries older than this id (keyset pagination). */
  beforeId?: number;
  /** Most entries (default 50, at most 200). */
  limit?: number;
}

/** A filter of {@link CallStore.listJobs}: oldest first. */
export interface VoiceJobFilter {
  /** One shop. */
  shopId?: string;
  /** One kind. */
  kind?: VoiceJobKind;
  /** One order. */
  orderId?: string;
  /** Most jobs (default 100, at most 1000). */
  limit?: number;
}

/** An order found by `recentOrderOf`. */
export interface RecentOrderRef {
  /** The order's id on the platform. */
  id: string;
  /** The order's number as the shop shows it. */
  number: string;
}

/** The order facts a follow-up SMS tells, as the outbox recorded them. */
export interface RecordedOrderState {
  /** The order's last recorded status. */
  status?: string;
  /** The order's last recorded tracking number. */
  trackingNumber?: string;
}

/** The voice side's storage. Every method is atomic on its own. */
export interface CallStore {
  /** Writes jobs; a job whose dedupe key exists is not written. Returns the ids written. */
  insertJobs(jobs: readonly NewVoiceJob[]): Promise<Set<string>>;
  /**
   * Claims due jobs (`queued` and due, or `running` with an expired claim), oldest due first: `running`,
   * `attempts` + 1, leased to the worker.
   */
  claimJobs(options: ClaimJobsOptions): Promise<VoiceJob[]>;
  /** Changes a job still claimed by `workerId`; returns false when the claim was lost (nothing changed). */
  updateJob(id: string, workerId: string, patch: VoiceJobPatch, now: Date): Promise<boolean>;
  /**
   * Makes the queued jobs of a kind about one number due now (a call event woke them); returns the jobs woken.
   * A job only wakes: what it then does is decided from the provider's API, never from the event.
   */
  wakeJobs(shopId: string, kind: VoiceJobKind, phone: string, now: Date): Promise<VoiceJob[]>;
  /** Reads jobs by id. */
  getJobs(ids: readonly string[]): Promise<VoiceJob[]>;
  /** Lists jobs, oldest first. */
  listJobs(filter: VoiceJobFilter): Promise<VoiceJob[]>;
  /** Adds a call event to the log; false when the same event of the same call is there already. */
  recordCall(entry: CallLogEntry): Promise<boolean>;
  /** Sets the matched order of a call's log entries. */
  matchCallToOrder(shopId: string, uuid: string, orderId: string): Promise<void>;
  /** Lists the calls log, newest first. */
  listCalls(filter: CallLogFilter): Promise<StoredCallLogEntry[]>;
  /**
   * Takes the one follow-up SMS a number may get per period: true (and the time recorded) when the number got
   * none since `now - periodMs`, false otherwise. Two instances asking at once get one true.
   */
  takeFollowUpSlot(shopId: string, phone: string, now: Date, periodMs: number): Promise<boolean>;
  /**
   * Gives back a slot {@link CallStore.takeFollowUpSlot} took at `takenAt`, when what it was taken for surely did
   * not happen; a slot taken again since (at another time) is left alone.
   */
  releaseFollowUpSlot(shopId: string, phone: string, takenAt: Date): Promise<void>;
  /**
   * The newest order the outbox messaged this number about since `since` (its id, and its number as the shop
   * shows it: the id for messages stored before numbers were kept), or `undefined`.
   */
  recentOrderOf(shopId: string, phone: string, since: Date): Promise<RecentOrderRef | undefined>;
  /** The order's status and tracking number as the outbox recorded them. */
  orderState(shopId: string, orderId: string): Promise<RecordedOrderState>;
}
