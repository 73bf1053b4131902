import "server-only";
import { getServerSession } from "next-auth";
import { forbidden, redirect } from "next/navigation";
import { AppError } from "@/lib/errors/app-error";
import type { StaffRole } from "@/lib/db/generated/enums";
import { authOptions } from "./auth-options";
import { can, type Permission } from "./permissions";
import { recordRefusal } from "./record-refusal";

export type StaffUser = { id: string; email: string; name?: string | null; role: StaffRole };

type SessionCheck = { staff: StaffUser } | { refused: "signed_out" | "role" | "removed"; actor: string };

/**
 * The session callback reads the user row on every request (database sessions), so a removed
 * staff member is caught here even if a session outlived the removal.
 */
async function signedInUser() {
  const session = await getServerSession(authOptions);
  return session?.user ?? null;
}

/** Who is signed in, for display; a removed staff member counts as signed out. */
export async function currentStaff(): Promise<StaffUser | null> {
  const user = await signedInUser();
  if (!user || user.removedAt) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

async function check(permission: Permission): Promise<SessionCheck> {
  const user = await signedInUser();
  if (!user) return { refused: "signed_out", actor: "anonymous" };
  const actor = `staff:${user.email}`;
  if (user.removedAt) return { refused: "removed", actor };
  if (!can(user.role, permission)) return { refused: "role", actor };
  return { staff: { id: user.id, email: user.email, name: user.name, role: user.role } };
}

/** For pages: a signed-out (or removed) visitor is sent to sign in; a staff member without the permission gets a 403 page. */
export async function requireStaffPage(permission: Permission): Promise<StaffUser> {
  const result = await check(permission);
  if ("staff" in result) return result.staff;
  await recordRefusal({ permission, actor: result.actor, reason: result.refused });
  if (result.refused === "role") forbidden();
  redirect("/staff/sign-in");
}

/** For server actions and route handlers, which must not redirect: 401 when signed out or removed, 403 without the permission. */
export async function requireStaff(permission: Permission): Promise<StaffUser> {
  const result = await check(permission);
  if ("staff" in result) return result.staff;
  await recordRefusal({ permission, actor: result.actor, reason: result.refused });
  throw new AppError(result.refused === "role" ? "FORBIDDEN" : "UNAUTHENTICATED");
}
