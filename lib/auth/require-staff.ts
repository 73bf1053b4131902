import "server-only";
import { getServerSession } from "next-auth";
import { forbidden, redirect } from "next/navigation";
import { AppError } from "@/lib/errors";
import type { StaffRole } from "@/lib/db/generated/enums";
import { authOptions } from "./auth-options";

export type StaffUser = { id: string; email: string; name?: string | null; role: StaffRole };

export async function currentStaff(): Promise<StaffUser | null> {
  const session = await getServerSession(authOptions);
  return session?.user ?? null;
}

/** For pages: a signed-out visitor is sent to sign in; a staff member without the role is refused. */
export async function requireStaffPage(roles?: StaffRole[]): Promise<StaffUser> {
  const staff = await currentStaff();
  if (!staff) redirect("/staff/sign-in");
  if (roles && !roles.includes(staff.role)) forbidden();
  return staff;
}

/** For server actions and route handlers, which must not redirect. */
export async function requireStaff(roles?: StaffRole[]): Promise<StaffUser> {
  const staff = await currentStaff();
  if (!staff) throw new AppError("UNAUTHENTICATED");
  if (roles && !roles.includes(staff.role)) throw new AppError("FORBIDDEN");
  return staff;
}
