import type { IncomingMessage, ServerResponse } from "node:http";
import { openSigningLink } from "../../agreements/open-signing-link";
import { SIGNING_LINK_PASS_HEADER, signingLinkPass } from "../../agreements/signing-link-pass";
import { describeError } from "../../errors/describe-error";
import { linkProblemPage } from "../link-problem-page";
import { CLIENT_IP_HEADER } from "./internal-headers";
import { recordableAddress } from "./recordable-address";
import { answerWithKeptPage, keepPageAs, prepareSigningPageCache, signingPageKey } from "./signing-page-cache";

type Handler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

// GET /sign/<token> and everything under it (the page, its PDF): what Next's proxy matcher
// `/sign/:token/:path*` covered before this door replaced it.
const SIGNING_PATH = /^\/sign\/([^/]+)(?:\/|$)/;
// The signing page itself, as the author's browser opens it from the email.
const SIGNING_PAGE = /^\/sign\/[^/?]+$/;

/**
 * Every GET of a signing link is opened here, in the front door, before Next sees it: through the
 * one throttled door (openSigningLink), once per GET. A page cannot choose its HTTP status, so a
 * link that cannot be opened is answered here: 404 for an unknown link, 410 for an expired,
 * replaced or withdrawn one, 429 (with Retry-After) for a client that presented too many unknown
 * links, 503 with the database away. A usable link goes on to Next with what was found (a signed
 * pass, lib/agreements/signing-link-pass.ts), so the page does not look it up again. Next's own
 * proxy (middleware) did this before, at ~3 ms a request: Next ran it in a sandbox of its own and
 * buffered the request for it. A plain GET of the page may be answered with the page Next rendered
 * for the same link, data and language before (./signing-page-cache.ts).
 */
export function withSigningLinkDoor(handle: Handler): Handler {
  // Now, at the server's start: a SIGNING_PAGE_CACHE_MB that is not megabytes stops it here.
  prepareSigningPageCache();
  return async (request, response) => {
    const token = request.method === "GET" ? signingToken(request.url) : null;
    // Server actions (POSTs) open the link themselves.
    if (token === null) return handle(request, response);
    // The front door set this header itself a moment ago (any copy from the client is gone).
    const ip = request.headers[CLIENT_IP_HEADER];
    const origin = { ip: recordableAddress(typeof ip === "string" ? ip : null), userAgent: null };
    let pageKey: string | null;
    try {
      const link = await openSigningLink(token, "status", origin);
      pageKey = SIGNING_PAGE.test(request.url ?? "") ? signingPageKey(request, link) : null;
      // The link was opened (and the throttle checked) for this GET like any other; only the render is saved.
      if (pageKey && answerWithKeptPage(pageKey, request, response)) return;
      request.headers[SIGNING_LINK_PASS_HEADER] = signingLinkPass(token, link);
    } catch (error) {
      const { status, title, userMessage, retryAfterSeconds } = describeError(error);
      // In the author's language (their switcher's cookie, else Accept-Language), with the switcher.
      const body = linkProblemPage({ title, message: userMessage, error }, asHeaderRequest(request));
      response.writeHead(status, {
        "Content-Type": "text/html; charset=utf-8",
        "Content-Length": Buffer.byteLength(body),
        "Cache-Control": "no-store",
        // The link is a secret in this page's URL: no other site learns it.
        "Referrer-Policy": "no-referrer",
        ...(retryAfterSeconds ? { "Retry-After": String(retryAfterSeconds) } : {}),
      });
      response.end(body);
      return;
    }
    if (pageKey) keepPageAs(pageKey, request, response);
    return handle(request, response);
  };
}

/** What linkProblemPage reads of a request: its headers and path. */
function asHeaderRequest(request: IncomingMessage) {
  const get = (name: string) => {
    const value = request.headers[name.toLowerCase()];
    return Array.isArray(value) ? value.join(", ") : (value ?? null);
  };
  return { headers: { get }, nextUrl: { pathname: (request.url ?? "/").split("?")[0] } };
}

function signingToken(url: string | undefined): string | null {
  const path = (url ?? "/").split("?")[0];
  const match = SIGNING_PATH.exec(path);
  return match ? match[1] : null;
}
