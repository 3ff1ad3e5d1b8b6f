/** Default base URL of the bulutfon API. */
export const DEFAULT_BASE_URL = 'https://api.bulutfon.com';

/**
 * Joins the base URL and a path with exactly one slash.
 * @param baseUrl - the API's base URL
 * @param path - the path of an endpoint
 */
export function joinUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
