import { type BulutfonApi, type BulutfonCallOptions, encodePath } from './bulutfon-api';
import {
  type BulutfonActionResult,
  type BulutfonMessageTitle,
  type BulutfonSmsRejection,
  messageTitleListResponseSchema,
  smsRejectionListResponseSchema,
} from './bulutfon-schemas';

/**
 * SMS titles (senders) and their opt-out lists. Bulutfon shut its v1 SMS endpoints down on 2020-12-31: live
 * accounts answer `NotFoundError`, with a message that says so.
 */
export interface BulutfonMessageTitles {
  /** Lists SMS titles (`GET /message-titles`). */
  list(options?: BulutfonCallOptions): Promise<BulutfonMessageTitle[]>;
  /** Numbers that opted out of a title (`GET /message-titles/{title}/sms-rejections`). */
  listRejections(title: string | number, options?: BulutfonCallOptions): Promise<BulutfonSmsRejection[]>;
  /** Takes a number off a title's opt-out list (`DELETE /message-titles/{title}/sms-rejections/{number}`). */
  removeRejection(
    title: string | number,
    number: string,
    options?: BulutfonCallOptions,
  ): Promise<BulutfonActionResult>;
}

/**
 * The SMS titles resource of a client.
 * @param api - the client's request path
 */
export function createBulutfonMessageTitles(api: BulutfonApi): BulutfonMessageTitles {
  const rejections = (title: string | number) => `/message-titles/${encodePath(title)}/sms-rejections`;
  return {
    list: (options) => api.get('/message-titles', messageTitleListResponseSchema, options, { sms: true }),
    listRejections: (title, options) =>
      api.get(rejections(title), smsRejectionListResponseSchema, options, { sms: true }),
    removeRejection: (title, number, options) =>
      api.write(
        'DELETE',
        `${rejections(title)}/${encodePath(number.replace(/^\+/, ''))}`,
        { sms: true },
        options,
      ),
  };
}
