import type { IncomingMessage, ServerResponse } from "node:http";
import { isApiCall } from "./api-door";
import { bodyRefusal, type BodyRefusal } from "./body-limits";
import { clientAddress, type TrustProxy } from "./client-address";
import { CLIENT_IP_HEADER, INTERNAL_HEADER_PREFIX, REQUEST_PATH_HEADER } from "./internal-headers";
import { leaveBodyUnread } from "./leave-body-unread";
import { newNonce, securityHeaders } from "./security-headers";

type Handler = (request: IncomingMessage, response: ServerResponse) => unknown;

// Next takes the nonce from the request's CSP header, so a client must not be able to send one.
const STRIPPED = (name: string) =>
  name.startsWith(INTERNAL_HEADER_PREFIX) ||
  name === "content-security-policy" ||
  name === "content-security-policy-report-only";

/**
 * What happens to every request before Next sees it: a body too large for its address is refused
 * from the headers alone; headers only we may set are replaced by ours (client address, path, the
 * CSP nonce); every response carries the security headers.
 */
export function createFrontDoor({ trust, https, handle }: { trust: TrustProxy; https: boolean; handle: Handler }) {
  function pass(request: IncomingMessage, response: ServerResponse) {
    const pathname = pathOf(request.url);
    const nonce = newNonce();
    const headers = securityHeaders(nonce, { https });
    for (const name of Object.keys(request.headers)) if (STRIPPED(name)) delete request.headers[name];
    request.rawHeaders = withoutStripped(request.rawHeaders);
    const peer = request.socket.remoteAddress;
    const forwarded = request.headers["x-forwarded-for"];
    const ip = clientAddress({ peer, forwardedFor: Array.isArray(forwarded) ? forwarded.join(",") : forwarded }, trust);
    // Forwarding headers from a client that is not our proxy are claims, not facts: Next never sees them.
    if (!peer || !trust(peer, 0))
      for (const name of Object.keys(request.headers))
        if (name.startsWith("x-forwarded-") || name === "forwarded") delete request.headers[name];
    if (ip) request.headers[CLIENT_IP_HEADER] = ip;
    request.headers[REQUEST_PATH_HEADER] = pathname.slice(0, 300);
    request.headers["content-security-policy"] = headers["Content-Security-Policy"];
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    return handle(request, response);
  }

  return {
    onRequest(request: IncomingMessage, response: ServerResponse) {
      const refusal = bodyRefusal(request.method ?? "GET", pathOf(request.url), request.headers);
      if (refusal) return refuse(request, response, refusal, securityHeaders(newNonce(), { https }));
      return pass(request, response);
    },
    /** `Expect: 100-continue`: a client that asks first is told no before it sends the body. */
    onCheckContinue(request: IncomingMessage, response: ServerResponse) {
      const refusal = bodyRefusal(request.method ?? "GET", pathOf(request.url), request.headers);
      if (refusal) return refuse(request, response, refusal, securityHeaders(newNonce(), { https }));
      // The API's door asks for the body itself, once the call's token and route allow it.
      if (!isApiCall(pathOf(request.url))) response.writeContinue();
      return pass(request, response);
    },
  };
}

function refuse(
  request: IncomingMessage,
  response: ServerResponse,
  { status, message }: BodyRefusal,
  headers: Record<string, string>,
) {
  leaveBodyUnread(request, response);
  const body = `${message}\n`;
  response.writeHead(status, {
    ...headers,
    "Content-Type": "text/plain; charset=utf-8",
    "Content-Length": Buffer.byteLength(body),
    "Cache-Control": "no-store",
  });
  response.end(body);
}

function pathOf(url: string | undefined): string {
  try {
    return new URL(url ?? "/", "http://front-door.invalid").pathname;
  } catch {
    return "/";
  }
}

function withoutStripped(raw: string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) if (!STRIPPED(raw[i].toLowerCase())) kept.push(raw[i], raw[i + 1]);
  return kept;
}
