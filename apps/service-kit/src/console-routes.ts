import { consoleAssets } from '@x/app-console';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from './http-errors';

/**
 * The Content-Security-Policy of the console: its own scripts, styles and API only, no inline script or style,
 * no framing, no `<base>`, forms posting only to the service.
 */
export const CONSOLE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/** The security headers of every console page and asset. */
export const CONSOLE_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': CONSOLE_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
});

/** One embedded file of the console. */
export interface ConsoleAsset {
  /** Its Content-Type. */
  type: string;
  /** Its text. */
  body: string;
  /** SHA-256 of its UTF-8 bytes, base64 (the ETag). */
  sha256: string;
  /** The text gzip-compressed, base64. */
  gzip: string;
}

/** The console's files: the HTML shell and the content-hashed assets (see `@x/app-console`). */
export interface ConsoleFiles {
  html: ConsoleAsset;
  files: Record<string, ConsoleAsset>;
}

/** Options of {@link registerConsoleRoutes}. */
export interface ConsoleRouteOptions {
  /** The files to serve; the built console by default. */
  assets?: ConsoleFiles;
}

function accepts(request: FastifyRequest, encoding: string): boolean {
  const header = request.headers['accept-encoding'];
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  return value
    .split(',')
    .map((part) => part.trim().split(';'))
    .some(
      ([name, ...params]) =>
        name?.trim() === encoding && !params.some((param) => /^\s*q=0(\.0*)?\s*$/.test(param)),
    );
}

/** Sends one embedded file: gzip when the client takes it, an ETag, and a 304 when the client has it. */
function sendAsset(request: FastifyRequest, reply: FastifyReply, asset: ConsoleAsset, cache: string) {
  const etag = `"${asset.sha256}"`;
  reply.headers(CONSOLE_SECURITY_HEADERS);
  reply.header('cache-control', cache).header('etag', etag).header('vary', 'accept-encoding');
  reply.type(asset.type);
  if (request.headers['if-none-match'] === etag) return reply.code(304).send();
  if (accepts(request, 'gzip')) {
    return reply.header('content-encoding', 'gzip').send(Buffer.from(asset.gzip, 'base64'));
  }
  return reply.send(asset.body);
}

/**
 * Registers the admin console's pages, served from memory (the assets are embedded in the build, nothing is read
 * from disk or fetched at run time):
 * - `GET /admin` redirects to `/admin/`;
 * - `GET /admin/` is the HTML shell (`no-cache`, so a new release's assets are picked up at once);
 * - `GET /admin/assets/<name>-<hash>.<ext>` are the scripts and styles, cached for a year (`immutable`: the name
 *   changes with the content).
 * Every answer carries the strict {@link CONSOLE_CSP}, `nosniff`, `no-referrer` and `X-Frame-Options: DENY`.
 * None of them needs a session: the pages hold no data, every JSON route of the admin API checks it.
 * @param app - the Fastify server
 * @param options - the files to serve (the built console by default)
 */
export function registerConsoleRoutes(app: FastifyInstance, options: ConsoleRouteOptions = {}): void {
  const assets = options.assets ?? consoleAssets;
  app.get('/admin', async (_request, reply) => {
    reply.headers(CONSOLE_SECURITY_HEADERS);
    // Relative, so that a proxy's path prefix is kept.
    return reply.code(308).header('location', 'admin/').send();
  });
  app.get('/admin/', async (request, reply) => sendAsset(request, reply, assets.html, 'no-cache'));
  app.get<{ Params: { name: string } }>('/admin/assets/:name', async (request, reply) => {
    const asset = Object.hasOwn(assets.files, request.params.name)
      ? assets.files[request.params.name]
      : undefined;
    if (!asset) {
      reply.headers(CONSOLE_SECURITY_HEADERS);
      return sendError(reply, 404, 'not_found', 'No such asset');
    }
    return sendAsset(request, reply, asset, 'public, max-age=31536000, immutable');
  });
}
