import type { OutboxMessage } from '@x/order-notifications';

/** A text for people, in Turkish and English. */
export interface Bilingual {
  tr: string;
  en: string;
}

/** What each stored reason means, in words. */
const REASONS: Readonly<Record<string, Bilingual>> = {
  'opted-out': { tr: 'Numara SMS almak istemiyor (ret listesinde).', en: 'The number has opted out.' },
  blacklisted: {
    tr: 'Sağlayıcı numarayı kara listede bildirdi.',
    en: 'The provider reports the number as blacklisted.',
  },
  'not-mobile': { tr: 'Numara bir cep telefonu değil.', en: 'The number is not a mobile number.' },
  'invalid-phone-number': { tr: 'Numara okunamadı.', en: 'The number could not be read.' },
  'invalid-country': { tr: 'Numaranın ülkesi tanınmadı.', en: 'The country of the number is not known.' },
  'no-phone': { tr: 'Siparişte telefon numarası yok.', en: 'The order has no phone number.' },
  cancelled: { tr: 'Bir yönetici tarafından iptal edildi.', en: 'Cancelled by an operator.' },
  'retries-exhausted': {
    tr: 'Tüm denemeler başarısız oldu; yeniden deneyebilirsiniz.',
    en: 'Every attempt failed; you can retry it.',
  },
  'retry-scheduled': {
    tr: 'Geçici bir hata; yeniden denenecek.',
    en: 'A temporary error; it will be retried.',
  },
  'lease-expired': {
    tr: 'Gönderim sırasında servis durdu; sağlayıcıya ulaşıp ulaşmadığı bilinmiyor.',
    en: 'The service stopped during the send; whether the provider got it is not known.',
  },
  'abandoned-at-shutdown': {
    tr: 'Servis kapanırken gönderim yarıda kaldı; sonucu bilinmiyor.',
    en: 'The send was cut off by a shutdown; its outcome is not known.',
  },
  'outcome-unknown': {
    tr: 'Sağlayıcının mesajı alıp almadığı bilinmiyor; kontrol edip karar verin.',
    en: 'Whether the provider got the message is not known; check, then resolve it.',
  },
  'reconciled-not-received': {
    tr: 'Sağlayıcı mesajı almadığını bildirdi; yeniden gönderildi.',
    en: 'The provider reported it never got the message; it was sent again.',
  },
  'confirmed-by-operator': {
    tr: 'Bir yönetici gönderildiğini onayladı.',
    en: 'An operator confirmed it was sent.',
  },
  'failed-by-operator': {
    tr: 'Bir yönetici gönderilmediğini kaydetti.',
    en: 'An operator recorded it as not sent.',
  },
  'resent-by-operator': { tr: 'Bir yönetici yeniden gönderdi.', en: 'An operator sent it again.' },
  'unknown-provider': {
    tr: 'Mağazanın sağlayıcısı bulunamadı.',
    en: "The shop's provider is not configured.",
  },
  'unexpected-error': { tr: 'Beklenmeyen bir hata oluştu.', en: 'An unexpected error occurred.' },
};

/** What each error kind means, in words. */
const ERROR_KINDS: Readonly<Record<string, Bilingual>> = {
  auth: { tr: 'Sağlayıcı kimlik bilgilerini reddetti.', en: 'The provider refused the credentials.' },
  validation: { tr: 'Sağlayıcı isteği geçersiz buldu.', en: 'The provider found the request invalid.' },
  'rate-limit': { tr: 'Sağlayıcının hız sınırına takıldı.', en: "The provider's rate limit was hit." },
  'insufficient-balance': {
    tr: 'Sağlayıcıda bakiye yetersiz.',
    en: 'The provider account has no balance left.',
  },
  blacklisted: {
    tr: 'Numara sağlayıcının kara listesinde.',
    en: "The number is on the provider's blacklist.",
  },
  timeout: { tr: 'Sağlayıcı zamanında yanıt vermedi.', en: 'The provider did not answer in time.' },
  network: { tr: 'Sağlayıcıya bağlanılamadı.', en: 'The provider could not be reached.' },
};

const STATUS_TEXT: Readonly<Record<string, Bilingual>> = {
  queued: { tr: 'Gönderilmeyi bekliyor.', en: 'Waiting to be sent.' },
  sending: { tr: 'Şu anda gönderiliyor.', en: 'Being sent now.' },
  sent: { tr: 'Sağlayıcı mesajı kabul etti.', en: 'The provider accepted the message.' },
  delivered: { tr: 'Mesaj telefona ulaştı.', en: 'The message reached the phone.' },
  failed: { tr: 'Gönderilemedi.', en: 'It could not be sent.' },
  dead: { tr: 'Tüm denemeler başarısız oldu.', en: 'Every attempt failed.' },
  unknown: { tr: 'Sonucu bilinmiyor.', en: 'Its outcome is not known.' },
  skipped: { tr: 'Bilerek gönderilmedi.', en: 'Deliberately not sent.' },
};

/**
 * Why a message is where it is, in words (Turkish and English): its reason, else its error's kind, else its
 * status; the stored error message (already redacted and masked) is added in English.
 * @param message - the outbox message
 */
export function explainMessage(message: Pick<OutboxMessage, 'status' | 'reason' | 'lastError'>): Bilingual {
  const base = (message.reason ? REASONS[message.reason] : undefined) ??
    (message.lastError ? ERROR_KINDS[message.lastError.kind] : undefined) ??
    STATUS_TEXT[message.status] ?? { tr: message.status, en: message.status };
  if (!message.lastError || message.status === 'sent' || message.status === 'delivered') return base;
  const detail = message.lastError.message.slice(0, 300);
  return { tr: `${base.tr} (${detail})`, en: `${base.en} (${detail})` };
}
