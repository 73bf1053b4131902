/** Where a request came from, as the front door established it (lib/http/requester.ts). */
export type RequestOrigin = { readonly ip: string | null; readonly userAgent: string | null };

/**
 * Who is acting, as every operation receives it and every audit event records it. Built only by the
 * functions below, so the actor strings in the audit log keep one spelling:
 * "author:<email>", "staff:<email>", "api:<token name>", "system".
 */
export type AuditContext = RequestOrigin & {
  readonly kind: "author" | "staff" | "api" | "system";
  /** As recorded in AuditEvent.actor. */
  readonly actor: string;
  /** The staff member acting (or owning the API token), for rows that name who issued them. */
  readonly staffId: string | null;
};

const NO_ORIGIN: RequestOrigin = { ip: null, userAgent: null };

export function authorContext(authorEmail: string, origin: RequestOrigin): AuditContext {
  return { kind: "author", actor: `author:${authorEmail}`, staffId: null, ip: origin.ip, userAgent: origin.userAgent };
}

export function staffContext(staff: { id: string; email: string }, origin: RequestOrigin): AuditContext {
  return { kind: "staff", actor: `staff:${staff.email}`, staffId: staff.id, ip: origin.ip, userAgent: origin.userAgent };
}

/** A staff member known only by address (a sign-in attempt, a refusal before any session exists). */
export function staffAddressContext(email: string, origin: RequestOrigin): AuditContext {
  return { kind: "staff", actor: `staff:${email}`, staffId: null, ip: origin.ip, userAgent: origin.userAgent };
}

export function apiContext(token: { name: string; ownerId: string }, origin: RequestOrigin): AuditContext {
  return { kind: "api", actor: `api:${token.name}`, staffId: token.ownerId, ip: origin.ip, userAgent: origin.userAgent };
}

/** The app itself: the worker sealing, delivering, reminding, expiring. */
export const SYSTEM_CONTEXT: AuditContext = { kind: "system", actor: "system", staffId: null, ...NO_ORIGIN };

/** Someone not signed in, refused at a staff page or action. */
export function anonymousContext(origin: RequestOrigin): AuditContext {
  return { kind: "staff", actor: "anonymous", staffId: null, ip: origin.ip, userAgent: origin.userAgent };
}
