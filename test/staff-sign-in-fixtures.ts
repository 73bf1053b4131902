// Staff sign-in fixtures for tests: drive next-auth's real handler and the real job queue.
import { createRequire } from "node:module";
import type { AuthOptions } from "next-auth";
import { db } from "@/lib/db/client";
import { buildAuthOptions } from "@/lib/auth/auth-options";
import { sendSignInLink, type SendSignInLinkJob } from "@/lib/auth/send-sign-in-link";
import { emailForDelivery } from "@/lib/mail/outbox";
import { runQueuedJobs } from "./run-queued-jobs";

export const APP = "http://imprimatur.test:3000";
process.env.NEXTAUTH_URL = APP;
process.env.NEXTAUTH_SECRET ??= "test-secret-for-next-auth";

// next-auth's core handler (what /api/auth/* runs) is not in its package exports; loaded by path.
type Cookie = {
  name: string;
  value: string;
  options: { secure?: boolean; httpOnly?: boolean; sameSite?: string | boolean; expires?: Date };
};
type ResponseInternal = { status?: number; body?: unknown; redirect?: string; cookies?: Cookie[] };
const require = createRequire(import.meta.url);
const { AuthHandler } = require(require.resolve("next-auth").replace(/index\.js$/, "core/index.js")) as {
  AuthHandler: (params: { req: Request; options: AuthOptions }) => Promise<ResponseInternal>;
};

/** Runs every queued sign-in job with a real graphile-worker, as the app's worker would. */
export async function runSignInJobs() {
  await runQueuedJobs({
    send_sign_in_link: (payload) => sendSignInLink(payload as SendSignInLinkJob).then(() => undefined),
  });
}

/** A request to next-auth's own handler at /api/auth/<path>, with the session cookie if given. */
export async function nextAuth(
  path: string,
  cookie?: Record<string, string>,
  body?: Record<string, string>,
): Promise<ResponseInternal> {
  const headers = new Headers({ host: new URL(APP).host, "content-type": "application/json" });
  if (cookie)
    headers.set(
      "cookie",
      Object.entries(cookie)
        .map(([name, value]) => `${name}=${value}`)
        .join("; "),
    );
  const init = body ? { method: "POST", headers, body: JSON.stringify(body) } : { headers };
  return AuthHandler({
    req: new Request(`${APP}/api/auth/${path}`, init),
    options: { ...buildAuthOptions(), secret: process.env.NEXTAUTH_SECRET },
  });
}

/**
 * next-auth's own POST /api/auth/signin/email with a valid CSRF token, as an attacker (or the old
 * form) would send it.
 */
export async function askNextAuthForLink(email: string) {
  const csrf = await nextAuth("csrf");
  const csrfCookie = csrf.cookies!.find((cookie) => cookie.name.endsWith("next-auth.csrf-token"))!;
  return nextAuth(
    "signin/email",
    { [csrfCookie.name]: csrfCookie.value },
    { email, callbackUrl: "/staff/agreements", csrfToken: (csrf.body as { csrfToken: string }).csrfToken },
  );
}

/** Signs out through next-auth, with the CSRF token its sign-out form carries. */
export async function signOut(session: { name: string; value: string }) {
  const csrf = await nextAuth("csrf");
  const csrfCookie = csrf.cookies!.find((cookie) => cookie.name.endsWith("next-auth.csrf-token"))!;
  return nextAuth(
    "signout",
    { [session.name]: session.value, [csrfCookie.name]: csrfCookie.value },
    { csrfToken: (csrf.body as { csrfToken: string }).csrfToken },
  );
}

/** The newest sign-in link emailed to the address (from the outbox), or null. */
export async function latestSignInLink(email: string): Promise<string | null> {
  const message = await db.emailMessage.findFirst({
    where: { to: email, kind: "sign_in_link" },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  // The outbox stores the link encrypted; read it as the worker would send it.
  return message ? (/https?:\/\/\S+/.exec(emailForDelivery(message).text)?.[0] ?? null) : null;
}

/** Opens a sign-in link the way a browser would: next-auth's email callback. */
export async function openSignInLink(link: string) {
  const url = new URL(link);
  const response = await nextAuth(`${url.pathname.replace(/^\/api\/auth\//, "")}${url.search}`);
  const session = response.cookies?.find((cookie) => cookie.name.endsWith("next-auth.session-token"));
  return { redirect: response.redirect ?? "", session, cookies: response.cookies ?? [] };
}
