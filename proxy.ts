import { NextResponse, type NextRequest } from "next/server";
import { signingLinkProblem } from "@/lib/agreements/signing-link-problem";
import { ERROR_MESSAGES } from "@/lib/error-messages";
import { linkProblemPage } from "@/lib/http/link-problem-page";
import { clientIp } from "@/lib/http/requester";
import { REQUEST_PATH_HEADER } from "@/lib/auth/record-refusal-path";

// A page cannot choose its HTTP status, so a signing link that cannot be opened is answered
// here: 404 for an unknown link, 410 for an expired, replaced or withdrawn one.
export async function proxy(request: NextRequest) {
  if (request.nextUrl.pathname.startsWith("/staff")) return withRequestPath(request);
  if (request.method !== "GET") return NextResponse.next();
  const token = request.nextUrl.pathname.split("/")[2] ?? "";
  const ip = clientIp(request.headers.get("x-forwarded-for"), request.headers.get("x-real-ip"));
  const problem = await signingLinkProblem(token, ip);
  if (!problem) return NextResponse.next();
  const { status, title, message } = ERROR_MESSAGES[problem];
  return new NextResponse(linkProblemPage({ title, message }), {
    status,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" },
  });
}

// Staff pages, actions and route handlers do not otherwise learn their own path; a refused
// request's audit event names it. Set here, so a client cannot supply its own.
function withRequestPath(request: NextRequest) {
  const headers = new Headers(request.headers);
  headers.set(REQUEST_PATH_HEADER, request.nextUrl.pathname.slice(0, 300));
  return NextResponse.next({ request: { headers } });
}

export const config = { matcher: ["/sign/:token", "/staff/:path*"] };
