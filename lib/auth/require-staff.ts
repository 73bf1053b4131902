import "server-only";
import { getServerSession } from "next-auth";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { anonymousContext, staffContext, type AuditContext, type StaffAuditContext } from "@/lib/audit/audit-context";
import { AppError } from "@/lib/errors/app-error";
import type { StaffRole } from "@/lib/db/generated/enums";
import { requestOrigin } from "@/lib/http/requester";
import { authOptions } from "./auth-options";
import { can, type Permission } from "./permissions";
import { recordRefusal } from "./record-refusal";

export type StaffUser = { id: string; email: string; name?: string | null; role: StaffRole };

/** A signed-in staff member acting through this request: what every staff operation receives. */
export type StaffContext = StaffAuditContext & { readonly staff: StaffUser };

type SessionCheck = { context: StaffContext } | { refused: "signed_out" | "role" | "removed"; context: AuditContext };

/**
 * The session callback reads the user row on every request (database sessions), so a removed
 * staff member is caught here even if a session outlived the removal. Read once per request: the
 * staff layout (who is signed in) and the page (may they see it) both ask, and each read is a
 * database round trip through Prisma. React's `cache` keeps the answer for the one request only.
 */
const signedInUser = cache(async () => {
  const session = await getServerSession(authOptions);
  return session?.user ?? null;
});

/** Who is signed in, for display; a removed staff member counts as signed out. */
export async function currentStaff(): Promise<StaffUser | null> {
  const user = await signedInUser();
  if (!user || user.removedAt) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

async function check(permission: Permission): Promise<SessionCheck> {
  const [user, origin] = await Promise.all([signedInUser(), requestOrigin()]);
  if (!user) return { refused: "signed_out", context: anonymousContext(origin) };
  const staff: StaffUser = { id: user.id, email: user.email, name: user.name, role: user.role };
  const context: StaffContext = { ...staffContext(staff, origin), staff };
  if (user.removedAt) return { refused: "removed", context };
  if (!can(user.role, permission)) return { refused: "role", context };
  return { context };
}

/**
 * For pages: a signed-out (or removed) visitor is sent to sign in; a staff member without the
 * permission gets a 403 page. Pages that only display may use `.staff` of the answer.
 */
export async function requireStaffPage(permission: Permission): Promise<StaffContext> {
  const result = await check(permission);
  if (!("refused" in result)) return result.context;
  await recordRefusal(result.context, { permission, reason: result.refused });
  if (result.refused === "role") forbidden();
  redirect("/staff/sign-in");
}

/**
 * For server actions and route handlers, which must not redirect: 401 when signed out or removed,
 * 403 without the permission. The answer is the context to pass to the operation.
 */
export async function requireStaff(permission: Permission): Promise<StaffContext> {
  const result = await check(permission);
  if (!("refused" in result)) return result.context;
  await recordRefusal(result.context, { permission, reason: result.refused });
  throw new AppError(result.refused === "role" ? "FORBIDDEN" : "UNAUTHENTICATED");
}
