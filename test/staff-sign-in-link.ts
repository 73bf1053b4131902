import { createRequire } from "node:module";
import path from "node:path";
import type { AuthOptions } from "next-auth";
import { authOptions } from "@/lib/auth/auth-options";

type Cookie = { name: string; value: string };
type InternalResponse = { status?: number; redirect?: string; body?: unknown; cookies?: Cookie[] };
type AuthHandler = (params: { req: Request; options: AuthOptions }) => Promise<InternalResponse>;

// next-auth's framework-neutral core, which its Next.js route handler calls with the request; the
// package does not export it, so it is loaded by file. Real requests, real tokens, real adapter.
const { AuthHandler } = createRequire(import.meta.url)(path.resolve("node_modules/next-auth/core/index.js")) as { AuthHandler: AuthHandler };

const base = () => `${process.env.APP_URL}/api/auth`;
const cookieHeader = (cookies: Cookie[] = []) => cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join("; ");

/** Asks for a staff sign-in link the way the sign-in form does (CSRF token, then POST). */
export async function requestSignInLink(email: string): Promise<InternalResponse> {
  const csrf = await AuthHandler({ req: new Request(`${base()}/csrf`), options: authOptions });
  const { csrfToken } = csrf.body as { csrfToken: string };
  return AuthHandler({
    req: new Request(`${base()}/signin/email`, {
      method: "POST",
      // The core reads a web Request's body as JSON (Next.js's handler turns the form into that).
      headers: { "content-type": "application/json", cookie: cookieHeader(csrf.cookies) },
      body: JSON.stringify({ email, csrfToken, callbackUrl: `${process.env.APP_URL}/staff` }),
    }),
    options: authOptions,
  });
}

/** Opens a sign-in link as the browser would; a working link answers with a session cookie. */
export async function openSignInLink(url: string): Promise<{ redirect?: string; sessionCookie?: string }> {
  const response = await AuthHandler({ req: new Request(url), options: authOptions });
  return { redirect: response.redirect, sessionCookie: response.cookies?.find((cookie) => cookie.name.endsWith("session-token") && cookie.value)?.value };
}
