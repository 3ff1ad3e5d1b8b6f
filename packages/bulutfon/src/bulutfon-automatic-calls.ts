import type { BulutfonApi, BulutfonCallOptions } from './bulutfon-api';
import { type BulutfonListResource, createListResource } from './bulutfon-list-resource';
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

/**
 * Automatic (robo) call campaigns: recipients are called one after another and hear an announcement. `list()`
 * (`GET /automatic-calls`), `get(id)` with its schedule and per-recipient results (`GET /automatic-calls/{id}`).
 */
export interface BulutfonAutomaticCalls
  extends BulutfonListResource<BulutfonAutomaticCall, BulutfonAutomaticCallDetail> {
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
    ...createListResource(
      api,
      '/automatic-calls',
      automaticCallListResponseSchema,
      automaticCallResponseSchema,
    ),
    create: async (call, options) => {
      const body = toAutomaticCallBody(parseInput(automaticCallCreateOptionsSchema, call, 'automatic call'));
      return api.write('POST', '/automatic-calls', { body, recipients: true }, options);
    },
  };
}
