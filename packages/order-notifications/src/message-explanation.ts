import type { OutboxMessage } from './outbox-store';

/** A sentence in the console's two languages. */
export interface Words {
  /** Turkish. */
  tr: string;
  /** English. */
  en: string;
}

/** What each status means, when no reason says more. */
const STATUS_WORDS: Record<OutboxMessage['status'], Words> = {
  queued: { tr: 'Gönderilmeyi bekliyor.', en: 'Waiting to be sent.' },
  sending: { tr: 'Şu anda gönderiliyor.', en: 'Being sent right now.' },
  sent: { tr: 'Sağlayıcı mesajı kabul etti.', en: 'The provider accepted the message.' },
  delivered: { tr: 'Mesaj alıcıya ulaştı.', en: 'The message reached the recipient.' },
  failed: { tr: 'Mesaj gönderilemedi.', en: 'The message could not be sent.' },
  dead: { tr: 'Tüm denemeler başarısız oldu.', en: 'Every attempt failed.' },
  unknown: {
    tr: 'Sağlayıcının mesajı alıp almadığı bilinmiyor; kontrol edip karar verin.',
    en: 'Whether the provider has the message is not known; check and decide.',
  },
  skipped: { tr: 'Mesaj bilerek gönderilmedi.', en: 'The message was deliberately not sent.' },
};

/** What each reason means. */
const REASON_WORDS: Record<string, Words> = {
  'opted-out': { tr: 'Alıcı SMS almak istemiyor (ret listesinde).', en: 'The recipient opted out.' },
  blacklisted: {
    tr: 'Sağlayıcı numarayı kara listede bildirdi.',
    en: 'The provider reported the number as blacklisted.',
  },
  'no-phone': { tr: 'Siparişte telefon numarası yok.', en: 'The order has no phone number.' },
  'invalid-phone-number': {
    tr: 'Telefon numarası SMS alabilecek bir cep numarası değil.',
    en: 'The phone number is not a mobile number that can receive SMS.',
  },
  'empty-text': { tr: 'Şablon boş bir metin üretti.', en: 'The template rendered an empty text.' },
  'message-too-long': {
    tr: 'Metin sağlayıcının izin verdiğinden uzun.',
    en: 'The text is longer than the provider allows.',
  },
  cancelled: { tr: 'Bir yönetici gönderimi iptal etti.', en: 'An operator cancelled it.' },
  'lease-expired': {
    tr: 'Gönderim sırasında işlem durdu; sağlayıcıda olabilir.',
    en: 'The process stopped during the send; the provider may have it.',
  },
  'abandoned-at-shutdown': {
    tr: 'Servis kapanırken gönderim yarım kaldı; sağlayıcıda olabilir.',
    en: 'The send was cut short at shutdown; the provider may have it.',
  },
  'outcome-unknown': {
    tr: 'Sağlayıcıdan yanıt alınamadı; mesaj ulaşmış olabilir.',
    en: 'No answer came from the provider; the message may have arrived.',
  },
  'unexpected-error': {
    tr: 'Sağlayıcıdan beklenmeyen bir hata.',
    en: 'An unexpected error from the provider.',
  },
  'no-result': {
    tr: 'Sağlayıcı alıcı için sonuç vermedi.',
    en: 'The provider gave no result for the recipient.',
  },
  'retries-exhausted': { tr: 'Deneme hakkı bitti.', en: 'No attempts are left.' },
  'retry-scheduled': {
    tr: 'Geçici bir hata; yeniden denenecek.',
    en: 'A temporary error; it will be retried.',
  },
  'unknown-provider': { tr: 'Sağlayıcı yapılandırılmamış.', en: 'Its provider is not configured.' },
  'reconciled-not-received': {
    tr: 'Sağlayıcı mesajı almamış; aynı referansla yeniden gönderilecek.',
    en: 'The provider never received it; it is sent again with the same reference.',
  },
  'resent-by-operator': { tr: 'Bir yönetici yeniden gönderdi.', en: 'An operator sent it again.' },
  'confirmed-by-operator': {
    tr: 'Bir yönetici gönderildiğini doğruladı.',
    en: 'An operator confirmed it was sent.',
  },
  'failed-by-operator': {
    tr: 'Bir yönetici gönderilmediğini doğruladı.',
    en: 'An operator confirmed it was not sent.',
  },
  'retried-by-operator': { tr: 'Bir yönetici yeniden denedi.', en: 'An operator retried it.' },
};

/**
 * Why a message is where it is, in words: its reason (or status) and, when it has one, its stored error
 * (already redacted: no secret, no full number).
 * @param message - the message
 */
export function explainMessage(message: Pick<OutboxMessage, 'status' | 'reason' | 'lastError'>): Words {
  const reason = message.reason?.split(':')[0];
  const words = (reason === undefined ? undefined : REASON_WORDS[reason]) ?? STATUS_WORDS[message.status];
  if (message.lastError === undefined) return { ...words };
  const error = message.lastError.code
    ? `${message.lastError.message} (${message.lastError.code})`
    : message.lastError.message;
  return { tr: `${words.tr} Hata: ${error}`, en: `${words.en} Error: ${error}` };
}
