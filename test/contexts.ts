import { SYSTEM_CONTEXT, staffAddressContext, type AuditContext } from "@/lib/audit/audit-context";

/**
 * A staff member acting from a browser, as requireStaff hands it to an operation. Built without a
 * user row (staffId null), so agreements it issues name no issuer, as before a session existed.
 */
export function staffActing(email: string, origin: Partial<AuditContext> = {}): AuditContext {
  return staffAddressContext(email, { ip: origin.ip ?? "203.0.113.5", userAgent: origin.userAgent ?? "Mozilla/5.0 (staff)" });
}

/** The staff member of most operation tests. */
export const STAFF = staffActing("alice@example.org");

/** The app itself, as the worker acts; also what fixtures issue test agreements as. */
export { SYSTEM_CONTEXT };
