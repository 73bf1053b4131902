import { staffAddressContext } from "@/lib/audit/audit-context";
import { requestSignInLink } from "@/lib/auth/request-sign-in-link";
import { signInRequestInput } from "@/lib/auth/sign-in-request-input";
import { errorResponse } from "@/lib/http/error-response";
import { readLimitedBody } from "@/lib/http/read-limited-body";
import { requestOrigin } from "@/lib/http/requester";

// An email address and a path: a few hundred bytes. Anything bigger is not this form.
const BODY_LIMIT = 4096;

function seeOther(location: string): Response {
  return new Response(null, { status: 303, headers: { Location: location, "Cache-Control": "no-store" } });
}

/**
 * The sign-in form posts here. Every valid address, staff or not, throttled or not, gets the same
 * redirect; only the background job learns whether a link is sent (lib/auth/request-sign-in-link.ts).
 */
export async function POST(request: Request) {
  let body: Uint8Array;
  try {
    body = await readLimitedBody(request, BODY_LIMIT);
  } catch (error) {
    return errorResponse(error);
  }
  const form = new URLSearchParams(Buffer.from(body).toString("utf8"));
  const parsed = signInRequestInput.safeParse({ email: form.get("email") ?? "", callbackUrl: form.get("callbackUrl") });
  if (!parsed.success) return seeOther("/staff/sign-in?error=EmailInvalid");
  const outcome = await requestSignInLink(staffAddressContext(parsed.data.email, await requestOrigin()), parsed.data);
  if (outcome.queued) return seeOther("/staff/sign-in/check-email");
  return seeOther(`/staff/sign-in/check-email?wait=${Math.ceil(outcome.retryAfterSeconds / 60)}`);
}
