/** A text for people, in Turkish and English. */
export interface Bilingual {
  tr: string;
  en: string;
}

/** One line of a shop's setup checklist. */
export interface ChecklistItem {
  id: string;
  ok: boolean;
  message: Bilingual;
}

/** What the checklist is built from: facts only, never a secret's value. */
export interface SetupFacts {
  adminPhones: number;
  /** Secret variables the shop's provider declares that are not set (names). */
  missingCredentials: readonly string[];
  publicUrl?: string;
  webhooksSeen: number;
  signatureFailures24h: number;
  adminToken: 'none' | 'weak' | 'strong';
}

/**
 * How strong the admin token is: `weak` under 32 characters or with fewer than 10 different characters (a
 * word, a repeated pattern); `none` when it is not set.
 * @param token - `ADMIN_TOKEN`
 */
export function tokenStrength(token: string | undefined): SetupFacts['adminToken'] {
  if (!token) return 'none';
  return token.length >= 32 && new Set(token).size >= 10 ? 'strong' : 'weak';
}

function item(id: string, ok: boolean, message: Bilingual): ChecklistItem {
  return { id, ok, message };
}

/**
 * The checklist of a shop's setup, in Turkish and English: admin phone, provider credentials, public URL
 * (HTTPS), webhooks seen, signature failures, admin token.
 * @param facts - what is known of the shop
 */
export function setupChecklist(facts: SetupFacts): ChecklistItem[] {
  const missing = facts.missingCredentials.join(', ');
  const https = facts.publicUrl?.startsWith('https://') ?? false;
  return [
    item(
      'admin-phone',
      facts.adminPhones > 0,
      facts.adminPhones > 0
        ? { tr: 'Yönetici telefonu tanımlı.', en: 'An admin phone is set.' }
        : {
            tr: 'Yönetici telefonu yok: yeni sipariş bildirimleri kimseye gitmez.',
            en: 'No admin phone: new-order alerts go to no one.',
          },
    ),
    item(
      'provider-credentials',
      facts.missingCredentials.length === 0,
      facts.missingCredentials.length === 0
        ? { tr: 'Sağlayıcı kimlik bilgileri tanımlı.', en: 'The provider credentials are set.' }
        : {
            tr: `Sağlayıcı kimlik bilgileri eksik: ${missing}.`,
            en: `Provider credentials missing: ${missing}.`,
          },
    ),
    item(
      'public-url',
      https,
      https
        ? { tr: 'Genel adres (HTTPS) tanımlı.', en: 'The public URL (HTTPS) is set.' }
        : facts.publicUrl
          ? { tr: 'Genel adres HTTPS değil.', en: 'The public URL is not HTTPS.' }
          : {
              tr: 'Genel adres (server.publicUrl) yok: webhook adresleri bu sayfanın adresinden türetildi.',
              en: "No public URL (server.publicUrl): the webhook URLs are derived from this page's address.",
            },
    ),
    item(
      'webhook-seen',
      facts.webhooksSeen > 0,
      facts.webhooksSeen > 0
        ? { tr: 'Mağazadan webhook geldi.', en: 'Webhooks have arrived from the shop.' }
        : {
            tr: 'Henüz hiç webhook gelmedi: adresleri mağazaya yapıştırın.',
            en: 'No webhook seen yet: paste the URLs into the shop.',
          },
    ),
    item(
      'signatures',
      facts.signatureFailures24h === 0,
      facts.signatureFailures24h === 0
        ? { tr: 'Son 24 saatte imza hatası yok.', en: 'No signature failures in the last 24 h.' }
        : {
            tr: `Son 24 saatte ${facts.signatureFailures24h} imza hatası: gizli anahtar büyük olasılıkla yanlış.`,
            en: `${facts.signatureFailures24h} signature failures in 24 h: the secret is probably wrong.`,
          },
    ),
    item(
      'admin-token',
      facts.adminToken !== 'weak',
      facts.adminToken === 'weak'
        ? {
            tr: 'ADMIN_TOKEN zayıf: en az 32 karakterlik rastgele bir değer kullanın.',
            en: 'ADMIN_TOKEN is weak: use a random value of at least 32 characters.',
          }
        : { tr: 'Yönetici girişi güçlü.', en: 'The admin sign-in is strong.' },
    ),
  ];
}
