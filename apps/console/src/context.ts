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
 * Runs an API read when its key changes, and again on `reload()` or when `round` changes. Its answer (data or
 * error) is given for the key it was read for only: while another key's read runs (another shop, other filters),
 * the page gets no answer, never the previous key's, so that it cannot show the new key's page, links or form
 * built from it (a form of one shop saved with another's texts); a read of the same key again keeps the answer
 * until the new one comes.
 * @param key - what the read depends on (a URL with its query)
 * @param read - the read
 * @param round - a number the page raises to read the same key again (after a save, say)
 */
export function useLoad<T>(key: string, read: () => Promise<T>, round = 0): Loaded<T> {
  const [state, setState] = useState<{ key?: string; data?: T; error?: Error; loading: boolean }>({
    loading: true,
  });
  const [reloads, setReloads] = useState(0);
  useEffect(() => {
    let live = true;
    setState((previous) => ({ ...previous, loading: true }));
    read().then(
      (data) => live && setState({ key, data, loading: false }),
      (error: unknown) =>
        live &&
        setState({ key, error: error instanceof Error ? error : new Error(String(error)), loading: false }),
    );
    return () => {
      live = false;
    };
  }, [key, round, reloads]);
  const reload = useCallback(() => setReloads((value) => value + 1), []);
  if (state.key !== key) return { loading: true, reload };
  return { data: state.data, error: state.error, loading: state.loading, reload };
}
