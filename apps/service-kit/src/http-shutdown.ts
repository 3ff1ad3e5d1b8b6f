import type { Server } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { fullTurn } from './event-loop';

/**
 * Lets the server accept the connections the kernel has queued for it. Node accepts one connection per turn of
 * the event loop (libuv 1.45 and later), and closing the listening socket resets those still queued, requests
 * and all; so turns go by until one passes without a new connection, or until `until`.
 */
async function acceptQueued(server: Server, until: number): Promise<void> {
  let accepted = 1;
  const count = () => {
    accepted += 1;
  };
  server.on('connection', count);
  try {
    while (accepted > 0 && Date.now() < until) {
      accepted = 0;
      await fullTurn();
    }
  } finally {
    server.off('connection', count);
  }
}

/**
 * Closes the HTTP server gracefully by a deadline:
 * 1. every answer from now on closes its connection (`Connection: close`, see `FastifyInstance.closing`), the
 *    answers of requests already in progress included;
 * 2. the connections the kernel has already queued are accepted: their clients have sent their requests, which
 *    are answered (for at most half the time left, as a load balancer may keep sending new ones);
 * 3. the listening socket closes, idle kept-alive connections close, requests in progress finish, and
 *    requests still arriving on open connections are served;
 * 4. at the deadline, the connections still open are closed.
 * @param app - the listening server
 * @param deadline - when everything must be closed (epoch milliseconds)
 */
export async function closeHttpServer(app: FastifyInstance, deadline: number): Promise<void> {
  app.closing = true;
  if (app.server.listening) await acceptQueued(app.server, Date.now() + (deadline - Date.now()) / 2);
  const forceClose = setTimeout(() => app.server.closeAllConnections(), Math.max(0, deadline - Date.now()));
  try {
    await app.close();
  } finally {
    clearTimeout(forceClose);
  }
}
