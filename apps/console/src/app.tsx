/** The console: the session, the language, the layout and the pages. */
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiError, createApi } from './api';
import { AppContext, type AppState } from './context';
import { I18n, type Lang, savedLang, saveLang, translator, useT } from './i18n';
import { CallsPage } from './pages/calls';
import { MessageDetailPage } from './pages/message-detail';
import { MessagesPage } from './pages/messages';
import { OptOutsPage } from './pages/opt-outs';
import { OverviewPage } from './pages/overview';
import { SetupPage } from './pages/setup';
import { SignInPage } from './pages/sign-in';
import { TemplatesPage } from './pages/templates';
import { href, type Route, useRoute } from './router';
import type { Session, Shop } from './types';

const PAGES = [
  { path: '/overview', key: 'nav.overview' },
  { path: '/messages', key: 'nav.messages' },
  { path: '/templates', key: 'nav.templates' },
  { path: '/opt-outs', key: 'nav.optOuts' },
  { path: '/setup', key: 'nav.setup' },
] as const;

function Page(props: { route: Route; calls: boolean }) {
  const { path, params } = props.route;
  if (path.startsWith('/messages/')) return <MessageDetailPage id={decodeURIComponent(path.slice(10))} />;
  switch (path) {
    case '/messages':
      return <MessagesPage params={params} />;
    case '/templates':
      return <TemplatesPage params={params} />;
    case '/opt-outs':
      return <OptOutsPage />;
    case '/setup':
      return <SetupPage params={params} />;
    case '/calls':
      return props.calls ? <CallsPage /> : <OverviewPage params={params} />;
    default:
      return <OverviewPage params={params} />;
  }
}

function LanguageButton(props: { onSwitch: () => void }) {
  const { t, lang } = useT();
  return (
    <button
      type="button"
      class="link-button"
      lang={lang === 'tr' ? 'en' : 'tr'}
      aria-label={t('languageLabel')}
      onClick={props.onSwitch}
    >
      {t('language')}
    </button>
  );
}

function Layout(props: { state: AppState; calls: boolean; onSwitchLang: () => void; onSignOut: () => void }) {
  const { t } = useT();
  const route = useRoute();
  const pages = props.calls ? [...PAGES, { path: '/calls', key: 'nav.calls' } as const] : PAGES;
  return (
    <>
      <button type="button" class="skip" onClick={skipToMain}>
        {t('skip')}
      </button>
      <header class="top">
        <span class="brand">{t('appName')}</span>
        <nav aria-label={t('nav')}>
          <ul>
            {pages.map((page) => {
              const active = route.path === page.path || route.path.startsWith(`${page.path}/`);
              return (
                <li key={page.path}>
                  <a href={href(page.path)} aria-current={active ? 'page' : undefined}>
                    {t(page.key)}
                  </a>
                </li>
              );
            })}
          </ul>
        </nav>
        <div class="session">
          <LanguageButton onSwitch={props.onSwitchLang} />
          <span class="muted">
            {t('signedInAs')}: <strong>{props.state.session.user}</strong>
          </span>
          <button type="button" onClick={props.onSignOut}>
            {t('signOut')}
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Page key={route.path} route={route} calls={props.calls} />
      </main>
    </>
  );
}

function skipToMain(): void {
  // The hash is the router's: a button moves the focus instead of a link changing it.
  document.getElementById('main')?.focus();
}

/** The signed-in state: the session, the shops, and whether the calls page exists. */
function useSignedIn() {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [shops, setShops] = useState<Shop[]>([]);
  const [calls, setCalls] = useState(false);
  const csrf = useRef<string | undefined>(undefined);
  csrf.current = session?.csrfToken;
  const api = useMemo(
    () =>
      createApi(
        () => csrf.current,
        () => setSession(null),
      ),
    [],
  );
  useEffect(() => {
    api.get<Session>('session').then(setSession, () => setSession(null));
  }, [api]);
  useEffect(() => {
    if (!session) return;
    api.get<{ shops: Shop[] }>('shops').then(
      (answer) => setShops(answer.shops),
      () => setShops([]),
    );
    api.get('calls', { limit: 1 }).then(
      () => setCalls(true),
      (error: unknown) => setCalls(!(error instanceof ApiError && error.status === 404)),
    );
  }, [api, session]);
  return { api, session, setSession, shops, calls };
}

/** The console. */
export function App() {
  const [lang, setLang] = useState<Lang>(savedLang);
  const words = useMemo(() => translator(lang), [lang]);
  const { api, session, setSession, shops, calls } = useSignedIn();
  useEffect(() => saveLang(lang), [lang]);
  const switchLang = useCallback(() => setLang((value) => (value === 'tr' ? 'en' : 'tr')), []);
  const signOut = useCallback(() => {
    api.send('DELETE', 'session').finally(() => setSession(null));
  }, [api, setSession]);
  let content = (
    <p class="muted" aria-live="polite">
      {words.t('loading')}
    </p>
  );
  if (session === null) {
    content = (
      <SignInPage
        api={api}
        onSignedIn={setSession}
        languageButton={<LanguageButton onSwitch={switchLang} />}
      />
    );
  } else if (session) {
    const state: AppState = { api, session, shops };
    content = (
      <AppContext.Provider value={state}>
        <Layout state={state} calls={calls} onSwitchLang={switchLang} onSignOut={signOut} />
      </AppContext.Provider>
    );
  }
  return <I18n.Provider value={words}>{content}</I18n.Provider>;
}
