import { type BulutfonApi, type BulutfonCallOptions, encodePath } from './bulutfon-api';
import {
  automaticCallCreateOptionsSchema,
  type BulutfonAutomaticCallCreateOptions,
  toAutomaticCallBody,
} from './bulutfon-request-options';
import {
  automaticCallListResponseSchema,
  automaticCallResponseSchema,
  type BulutfonActionResult,
  type BulutfonAutomaticCall,
  type BulutfonAutomaticCallDetail,
} from './bulutfon-schemas';
import { parseInput } from './bulutfon-validation';

/** Automatic (robo) call campaigns: recipients are called one after another and hear an announcement. */
export interface BulutfonAutomaticCalls {
  /** Lists campaigns (`GET /automatic-calls`). */
  list(options?: BulutfonCallOptions): Promise<BulutfonAutomaticCall[]>;
  /** One campaign with its schedule and per-recipient results (`GET /automatic-calls/{id}`). */
  get(id: number, options?: BulutfonCallOptions): Promise<BulutfonAutomaticCallDetail>;
  /** Starts a campaign (`POST /automatic-calls`). Never retried automatically. */
  create(
    call: BulutfonAutomaticCallCreateOptions,
    options?: BulutfonCallOptions,
  ): Promise<BulutfonActionResult>;
}

/**
 * The automatic calls resource of a client.
 * @param api - the client's request path
 */
export function createBulutfonAutomaticCalls(api: BulutfonApi): BulutfonAutomaticCalls {
  return {
    list: (options) => api.get('/automatic-calls', automaticCallListResponseSchema, options),
    get: (id, options) => api.get(`/automatic-calls/${encodePath(id)}`, automaticCallResponseSchema, options),
    create: async (call, options) => {
      const body = toAutomaticCallBody(parseInput(automaticCallCreateOptionsSchema, call, 'automatic call'));
      return api.write('POST', '/automatic-calls', { body, recipients: true }, options);
    },
  };
}
