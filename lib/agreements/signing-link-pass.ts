import "server-only";
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { authorContext, type RequestOrigin } from "@/lib/audit/audit-context";
import type { AgreementStatus } from "@/lib/db/generated/enums";
import type { OpenedSigningLink } from "./open-signing-link";
import { tokenHash } from "./signing-link";

// The front door (lib/http/edge/signing-link-door.ts) opens every signing link a GET presents
// (openSigningLink: the throttle checked, the link found usable) a moment before the page renders
// the same request. It hands what it found to the page in a request header, so one GET checks the
// throttle and looks the link up once. The pass is signed with a key that exists only in this
// process's memory (the front door and the pages share globalThis), bound to the token's hash and
// good for seconds: a client cannot make one (the front door also drops any x-imprimatur-* header
// a client sends), and one it somehow saw would open only the link it already holds, for a view.
export const SIGNING_LINK_PASS_HEADER = "x-imprimatur-signing-link-pass";

const PASS_LIFETIME_MS = 30_000;
const KEY = Symbol.for("imprimatur.signing-link-pass-key");

type PassFields = {
  tokenHash: string;
  linkId: string;
  agreementId: string;
  agreementStatus: AgreementStatus;
  expiresAt: string;
  openedAt: string;
  authorEmail: string;
  signerId: string | null;
};

function key(): Buffer {
  const holder = globalThis as Record<symbol, Buffer | undefined>;
  holder[KEY] ??= randomBytes(32);
  return holder[KEY];
}

const mac = (payload: string) => createHmac("sha256", key()).update(payload).digest();

/** The pass the front door gives the page for a link it just opened with `token`. */
export function signingLinkPass(token: string, link: OpenedSigningLink): string {
  const fields: PassFields = {
    tokenHash: tokenHash(token),
    linkId: link.linkId,
    agreementId: link.agreementId,
    agreementStatus: link.agreementStatus,
    expiresAt: link.expiresAt.toISOString(),
    openedAt: link.openedAt.toISOString(),
    authorEmail: link.authorEmail,
    signerId: link.signerId,
  };
  const payload = Buffer.from(JSON.stringify(fields)).toString("base64url");
  return `${payload}.${mac(payload).toString("base64url")}`;
}

/**
 * The link the front door opened for this request, or null when there is no pass, or it is not this
 * process's, not for `token`, or stale (then the caller opens the link itself, through openSigningLink).
 */
export function linkFromPass(
  pass: string | null | undefined,
  token: string,
  origin: RequestOrigin,
  now = new Date(),
): OpenedSigningLink | null {
  const [payload, signature, extra] = (pass ?? "").split(".");
  if (!payload || !signature || extra !== undefined) return null;
  const given = Buffer.from(signature, "base64url");
  const expected = mac(payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const fields = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as PassFields;
  const openedAt = new Date(fields.openedAt);
  const age = now.getTime() - openedAt.getTime();
  if (fields.tokenHash !== tokenHash(token) || age < 0 || age > PASS_LIFETIME_MS) return null;
  return {
    linkId: fields.linkId,
    agreementId: fields.agreementId,
    agreementStatus: fields.agreementStatus,
    expiresAt: new Date(fields.expiresAt),
    openedAt,
    authorEmail: fields.authorEmail,
    signerId: fields.signerId ?? null,
    author: authorContext(fields.authorEmail, origin),
  };
}
