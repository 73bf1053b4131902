/** Where a request came from, as the front door established it (requestOrigin in lib/http/requester.ts). */
export type RequestOrigin = { readonly ip: string | null; readonly userAgent: string | null };

/**
 * Who is acting, as every operation receives it (`operation(context, input)`) and every audit event
 * records it. Built only by the functions below, so the actor strings in the audit log keep one
 * spelling: "author:<email>", "staff:<email>", "api:<token name>", "system", "anonymous". The audit
 * hash chain covers these strings: never change how an existing kind is spelled.
 */
export type AuditContext = RequestOrigin & {
  readonly kind: "author" | "staff" | "api" | "system" | "anonymous";
  /** As recorded in AuditEvent.actor. */
  readonly actor: string;
  /** The staff member acting (or owning the API token), for rows that name who issued them. */
  readonly staffId: string | null;
};

/** A signed-in staff member: rows they create name them. */
export type StaffAuditContext = AuditContext & { readonly kind: "staff"; readonly staffId: string };

/** How staff actors begin, for queries that pick out what staff did (lib/audit/staff-activity.ts). */
export const STAFF_ACTOR_PREFIX = "staff:";

/** How author actors begin. */
export const AUTHOR_ACTOR_PREFIX = "author:";

const NO_ORIGIN: RequestOrigin = { ip: null, userAgent: null };

export function authorContext(authorEmail: string, origin: RequestOrigin): AuditContext {
  return {
    kind: "author",
    actor: `${AUTHOR_ACTOR_PREFIX}${authorEmail}`,
    staffId: null,
    ip: origin.ip,
    userAgent: origin.userAgent,
  };
}

export function staffContext(staff: { id: string; email: string }, origin: RequestOrigin): StaffAuditContext {
  const actor = `${STAFF_ACTOR_PREFIX}${staff.email}`;
  return { kind: "staff", actor, staffId: staff.id, ip: origin.ip, userAgent: origin.userAgent };
}

/** A staff member known only by address (a sign-in attempt, a refusal before any session exists). */
export function staffAddressContext(email: string, origin: RequestOrigin): AuditContext {
  const actor = `${STAFF_ACTOR_PREFIX}${email}`;
  return { kind: "staff", actor, staffId: null, ip: origin.ip, userAgent: origin.userAgent };
}

export function apiContext(token: { name: string; ownerId: string }, origin: RequestOrigin): AuditContext {
  return {
    kind: "api",
    actor: `api:${token.name}`,
    staffId: token.ownerId,
    ip: origin.ip,
    userAgent: origin.userAgent,
  };
}

/** The app itself: the worker sealing, delivering, reminding, expiring. */
export const SYSTEM_CONTEXT: AuditContext = Object.freeze<AuditContext>({
  kind: "system",
  actor: "system",
  staffId: null,
  ...NO_ORIGIN,
});

/** Someone not signed in, refused at a staff page or action. */
export function anonymousContext(origin: RequestOrigin): AuditContext {
  return { kind: "anonymous", actor: "anonymous", staffId: null, ip: origin.ip, userAgent: origin.userAgent };
}

/**
 * The context alone, as plain JSON for a job's payload: a StaffContext also carries the session's
 * user, which a queued job has no business storing.
 */
export function plainContext(context: AuditContext): AuditContext {
  const { kind, actor, staffId, ip, userAgent } = context;
  return { kind, actor, staffId, ip, userAgent };
}

const KINDS: readonly AuditContext["kind"][] = ["author", "staff", "api", "system", "anonymous"];
const isNullableString = (value: unknown) => value === null || typeof value === "string";

/**
 * A context read back from a job's payload (it was written by plainContext when the job was queued).
 * A payload of another shape is refused loudly rather than recorded under a made-up actor.
 */
export function contextFromPayload(value: unknown): AuditContext {
  const candidate = (value ?? {}) as Record<string, unknown>;
  const valid =
    KINDS.includes(candidate.kind as AuditContext["kind"]) &&
    typeof candidate.actor === "string" &&
    candidate.actor.length > 0 &&
    [candidate.staffId, candidate.ip, candidate.userAgent].every(isNullableString);
  if (!valid) {
    throw new Error(`A job's payload carries no valid audit context: ${JSON.stringify(value)?.slice(0, 200)}`);
  }
  return plainContext(candidate as unknown as AuditContext);
}
