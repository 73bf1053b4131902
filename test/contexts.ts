import { SYSTEM_CONTEXT, staffAddressContext, type AuditContext, type RequestOrigin } from "@/lib/audit/audit-context";

/**
 * A staff member acting from a browser, as requireStaff hands it to an operation. Built without a
 * user row (staffId null), so agreements it issues name no issuer, as before a session existed.
 */
export function staffActing(
  email: string,
  { ip = "203.0.113.5", userAgent = "Mozilla/5.0 (staff)" }: Partial<RequestOrigin> = {},
): AuditContext {
  return staffAddressContext(email, { ip, userAgent });
}

/** The staff member of most operation tests. */
export const STAFF = staffActing("alice@example.org");

/** The app itself, as the worker acts; also what fixtures issue test agreements as. */
export { SYSTEM_CONTEXT };
