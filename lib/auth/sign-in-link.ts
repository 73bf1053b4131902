import "server-only";
import { randomBytes } from "node:crypto";
import { appSecret, appUrl } from "@/lib/config/app-config";
import { sha256Hex } from "@/lib/crypto/hashing";

// next-auth's email provider checks a link at /api/auth/callback/email by hashing its token the way
// next-auth itself does (core/lib/utils.js hashToken) and consuming the VerificationToken row with
// that hash. We create the row and the link ourselves, so these two functions must match it.

/** 32 random bytes, hex, as next-auth makes them. */
export function newSignInToken(): string {
  return randomBytes(32).toString("hex");
}

/** What "VerificationToken"."token" holds: sha256(token + secret), never the token. */
export function signInTokenHash(token: string): string {
  return sha256Hex(`${token}${appSecret()}`);
}

/** The one place a sign-in link is built: next-auth's own callback consumes it. */
export function signInLink({
  token,
  email,
  callbackUrl,
}: {
  token: string;
  email: string;
  callbackUrl: string;
}): string {
  return `${appUrl()}/api/auth/callback/email?${new URLSearchParams({ callbackUrl, token, email })}`;
}
