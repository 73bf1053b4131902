import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * An answer sent before the request's body was read (a refusal): node would otherwise read and
 * discard the whole body afterwards to keep the connection alive; marking the body as being
 * consumed stops that, so at most a socket buffer is read. The connection is closed instead, and
 * dropped if the client keeps it open. Call before the answer's head is written.
 */
export function leaveBodyUnread(request: IncomingMessage, response: ServerResponse) {
  request.read(0);
  response.setHeader("Connection", "close");
  response.once("finish", () => setTimeout(() => request.socket.destroy(), 2000).unref());
}
