import type { IncomingMessage, ServerResponse } from "node:http";

// How long a client still sending a refused body has to read the answer before the connection is dropped.
const LINGER_MS = 2000;

/**
 * An answer sent before the request's body was read (a refusal): node would otherwise read and
 * discard the whole body afterwards to keep the connection alive; marking the body as being
 * consumed stops that, so at most a socket buffer is read. The connection is closed instead, and
 * dropped if the client keeps it open. Call before the answer's head is written.
 *
 * Closed the way node closes it after a `Connection: close` answer (destroySoon), a socket with the
 * body's bytes still unread sends a reset: a client still writing the body then failed its write
 * (EPIPE) before it read the answer, and showed a broken connection instead of the 413. So only our
 * side is closed (FIN) once the answer is out; the body is still not read (it stops at a socket
 * buffer), and the connection is dropped LINGER_MS later, as servers do with a lingering close.
 */
export function leaveBodyUnread(request: IncomingMessage, response: ServerResponse) {
  request.read(0);
  response.setHeader("Connection", "close");
  const socket = request.socket;
  socket.destroySoon = () => void socket.end();
  response.once("finish", () => setTimeout(() => socket.destroy(), LINGER_MS).unref());
}
