/** The sign-in page: the admin token, or a user name and password, exchanged for a session cookie. */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { type Api, ApiError } from '../api';
import { useT } from '../i18n';
import type { Session } from '../types';
import { Notice, PageTitle } from '../ui';

/** The sign-in page. */
export function SignInPage(props: {
  api: Api;
  onSignedIn: (session: Session) => void;
  languageButton: ComponentChildren;
}) {
  const { t } = useT();
  const [method, setMethod] = useState<'token' | 'password'>('token');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const body =
      method === 'token'
        ? { token: String(form.get('token') ?? '') }
        : { user: String(form.get('user') ?? ''), password: String(form.get('password') ?? '') };
    setBusy(true);
    setError(undefined);
    try {
      props.onSignedIn(await props.api.send<Session>('POST', 'session', body));
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 429) {
        setError(t('signIn.tooMany', { minutes: Math.ceil((caught.retryAfterSeconds ?? 900) / 60) }));
      } else if (caught instanceof ApiError && caught.status === 401) {
        setError(t('signIn.invalid'));
      } else {
        setError(caught instanceof Error ? caught.message : String(caught));
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <main id="main" class="sign-in">
      <div class="sign-in-box">
        <div class="sign-in-top">
          <span class="brand">{t('appName')}</span>
          {props.languageButton}
        </div>
        <PageTitle>{t('signIn.title')}</PageTitle>
        <form onSubmit={submit} noValidate>
          <fieldset class="choice">
            <legend>{t('signIn.method')}</legend>
            <label>
              <input
                type="radio"
                name="method"
                checked={method === 'token'}
                onChange={() => setMethod('token')}
              />{' '}
              {t('signIn.withToken')}
            </label>
            <label>
              <input
                type="radio"
                name="method"
                checked={method === 'password'}
                onChange={() => setMethod('password')}
              />{' '}
              {t('signIn.withPassword')}
            </label>
          </fieldset>
          {method === 'token' ? (
            <div class="field">
              <label for="token">{t('signIn.token')}</label>
              <input id="token" name="token" type="password" autoComplete="current-password" required />
            </div>
          ) : (
            <>
              <div class="field">
                <label for="user">{t('signIn.user')}</label>
                <input id="user" name="user" type="text" autoComplete="username" required />
              </div>
              <div class="field">
                <label for="password">{t('signIn.password')}</label>
                <input
                  id="password"
                  name="password"
                  type="password"
                  autoComplete="current-password"
                  required
                />
              </div>
            </>
          )}
          {error && <Notice kind="error">{error}</Notice>}
          <button type="submit" class="primary" disabled={busy}>
            {t('signIn.submit')}
          </button>
        </form>
      </div>
    </main>
  );
}
