import "server-only";
import { db } from "@/lib/db/client";

export type StaffMember = {
  id: string;
  email: string;
  name: string | null;
  role: "admin" | "publisher" | "auditor";
  createdAt: Date;
  removedAt: Date | null;
};

/** Everyone who has or had staff access: current staff by email, then those removed, earliest removal first. */
export async function listStaff(): Promise<StaffMember[]> {
  const users = await db.user.findMany({
    select: { id: true, email: true, name: true, role: true, createdAt: true, removedAt: true },
    orderBy: [{ removedAt: { sort: "asc", nulls: "first" } }, { email: "asc" }],
  });
  return users;
}
