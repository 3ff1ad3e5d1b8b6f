/** Hash routing: `#/messages?status=failed` → `{ path: '/messages', params }`. */
import { useEffect, useState } from 'preact/hooks';

/** Where the console is. */
export interface Route {
  /** `/overview`, `/messages`, `/messages/<id>`, ... */
  path: string;
  params: URLSearchParams;
}

function current(): Route {
  const hash = location.hash.replace(/^#/, '') || '/overview';
  const [path = '/overview', query = ''] = hash.split('?', 2);
  return { path, params: new URLSearchParams(query) };
}

/**
 * The hash of a route.
 * @param path - the page's path
 * @param params - its query; empty values are left out
 */
export function href(path: string, params: Record<string, string | undefined> = {}): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) query.set(key, value);
  const text = query.toString();
  return `#${path}${text ? `?${text}` : ''}`;
}

/**
 * Goes to a route.
 * @param path - the page's path
 * @param params - its query
 */
export function navigate(path: string, params: Record<string, string | undefined> = {}): void {
  location.hash = href(path, params);
}

/** The current route, updated as the hash changes. */
export function useRoute(): Route {
  const [route, setRoute] = useState(current);
  useEffect(() => {
    const onChange = () => setRoute(current());
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
