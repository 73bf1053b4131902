import { NextResponse, type NextRequest } from "next/server";
import { signingLinkProblem } from "@/lib/agreements/signing-link-problem";
import { ERROR_MESSAGES } from "@/lib/errors/error-messages";
import { linkProblemPage } from "@/lib/http/link-problem-page";
import { clientIp } from "@/lib/http/requester";

// A page cannot choose its HTTP status, so a signing link that cannot be opened is answered
// here: 404 for an unknown link, 410 for an expired, replaced or withdrawn one.
export async function proxy(request: NextRequest) {
  if (request.method !== "GET") return NextResponse.next();
  const token = request.nextUrl.pathname.split("/")[2] ?? "";
  const problem = await signingLinkProblem(token, clientIp(request.headers));
  if (!problem) return NextResponse.next();
  const { status, title, message } = ERROR_MESSAGES[problem];
  return new NextResponse(linkProblemPage({ title, message }), {
    status,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" },
  });
}

// Only signing links: the proxy makes Next buffer a request's body, and /staff no longer needs
// it (the front door sets the request-path header itself).
export const config = { matcher: ["/sign/:token"] };
