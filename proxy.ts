import { NextResponse, type NextRequest } from "next/server";
import { openSigningLink } from "@/lib/agreements/open-signing-link";
import { SIGNING_LINK_PASS_HEADER, signingLinkPass } from "@/lib/agreements/signing-link-pass";
import { describeError } from "@/lib/errors/describe-error";
import { linkProblemPage } from "@/lib/http/link-problem-page";
import { clientIp } from "@/lib/http/requester";

// A page cannot choose its HTTP status, so a signing link that cannot be opened is answered
// here: 404 for an unknown link, 410 for an expired, replaced or withdrawn one, 429 (with
// Retry-After) for a client that presented too many unknown links. Every GET under /sign/<token>
// (the page and its PDF) goes through the same throttled door, openSigningLink; the page is handed
// what it found (a signed pass), so the GET opens the link once.
export async function proxy(request: NextRequest) {
  // Server actions (POSTs) open the link themselves; letting them through here keeps Next from
  // buffering their bodies for nothing.
  if (request.method !== "GET") return NextResponse.next();
  const token = request.nextUrl.pathname.split("/")[2] ?? "";
  const origin = { ip: clientIp(request.headers), userAgent: null };
  try {
    const link = await openSigningLink(token, "status", origin);
    const headers = new Headers(request.headers);
    headers.set(SIGNING_LINK_PASS_HEADER, signingLinkPass(token, link));
    return NextResponse.next({ request: { headers } });
  } catch (error) {
    // Anything else (the database away: UNAVAILABLE, 503) is answered in the same words, not by Next's 500.
    const { status, title, userMessage, retryAfterSeconds } = describeError(error);
    const headers: Record<string, string> = {
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "no-store",
      "Referrer-Policy": "no-referrer",
    };
    if (retryAfterSeconds) headers["Retry-After"] = String(retryAfterSeconds);
    return new NextResponse(linkProblemPage({ title, message: userMessage, error }, request), { status, headers });
  }
}

// Every signing path and only those: the proxy makes Next buffer a request's body, and /staff no
// longer needs it (the front door sets the request-path header itself). test/proxy.test.ts runs
// paths through this matcher.
export const config = { matcher: ["/sign/:token/:path*"] };
