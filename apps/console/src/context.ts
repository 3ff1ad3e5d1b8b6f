/** What every page gets from the app: the API client, the session and the shops. */
import { createContext } from 'preact';
import { useCallback, useContext, useEffect, useState } from 'preact/hooks';
import type { Api, ApiError } from './api';
import type { Session, Shop } from './types';

/** The app's shared state. */
export interface AppState {
  api: Api;
  session: Session;
  shops: Shop[];
}

/** Provided by the app once signed in. */
export const AppContext = createContext<AppState | undefined>(undefined);

/** The app's shared state (inside the signed-in app). */
export function useApp(): AppState {
  const state = useContext(AppContext);
  if (!state) throw new Error('useApp outside the app');
  return state;
}

/** A request's state: loading, its answer, or its error. */
export interface Loaded<T> {
  data?: T;
  error?: ApiError | Error;
  loading: boolean;
  reload(): void;
}

/**
 * Runs an API read when its key changes, and again on `reload()`.
 * @param key - what the read depends on (a URL with its query)
 * @param read - the read
 */
export function useLoad<T>(key: string, read: () => Promise<T>): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean }>({ loading: true });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    setState((previous) => ({ ...previous, loading: true }));
    read().then(
      (data) => live && setState({ data, loading: false }),
      (error: unknown) =>
        live &&
        setState({ error: error instanceof Error ? error : new Error(String(error)), loading: false }),
    );
    return () => {
      live = false;
    };
  }, [key, round]);
  const reload = useCallback(() => setRound((value) => value + 1), []);
  return { ...state, reload };
}
