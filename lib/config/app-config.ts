import { cleanUserText } from "@/lib/text/user-text";
import { readNumberSetting } from "./read-number-setting";

// The settings several parts of the app share: its public address (APP_URL, PORT), the shared
// secret (NEXTAUTH_SECRET), the sender (MAIL_FROM), the default publisher (PUBLISHER_NAME) and how
// long signing links last (SIGNING_LINK_DAYS), each with its default. A setting only one part
// uses is read beside it (SMTP_URL in lib/mail/transport.ts, AUDIT_CHECKPOINT_* in lib/audit,
// STAFF_SESSION_* in lib/auth, WORKER_CONCURRENCY in lib/worker …); the README's Configuration
// section lists every one. The start script (scripts/start.ts) fills in DATABASE_URL, SMTP_URL
// and NEXTAUTH_SECRET when they are unset.
export function appUrl(): string {
  const fallback = `http://localhost:${process.env.PORT ?? "3000"}`;
  return (process.env.APP_URL || fallback).replace(/\/+$/, "");
}

/**
 * The secret every instance shares (NEXTAUTH_SECRET): it signs staff sessions and sign-in token
 * hashes, and keys derived from it encrypt outbox links and hide addresses in throttle keys.
 */
export function appSecret(): string {
  const secret = process.env.NEXTAUTH_SECRET ?? process.env.AUTH_SECRET;
  if (!secret) throw new Error("NEXTAUTH_SECRET is not set: start the app with `npm start`, which provides one.");
  return secret;
}

export function mailFrom(): string {
  return process.env.MAIL_FROM || "Imprimatur <no-reply@imprimatur.localhost>";
}

const DEFAULT_PUBLISHER = "PMLR";

/**
 * The default publisher, named in the legal text of every agreement whose volume names none.
 * Held to the rules of the publisher field on the volume form: a setting that would put a line
 * break, a control or an invisible character into the legal text stops the operation with a
 * message naming the setting, rather than being substituted.
 */
export function publisherName(): string {
  const raw = process.env.PUBLISHER_NAME;
  if (!raw) return DEFAULT_PUBLISHER;
  const cleaned = cleanUserText(raw, { label: "PUBLISHER_NAME" });
  if (!cleaned.ok)
    throw new Error(`${cleaned.message} It is written into the legal text of agreements: fix the setting and restart.`);
  if (cleaned.value.length > 200) throw new Error("PUBLISHER_NAME must be at most 200 characters.");
  return cleaned.value || DEFAULT_PUBLISHER;
}

export function signingLinkDays(): number {
  return readNumberSetting(process.env, "SIGNING_LINK_DAYS", {
    fallback: 30,
    min: 1,
    max: 365,
    whole: true,
    unit: "days",
  });
}
