import type { StaffRole } from "@/lib/db/generated/enums";

// Roles from most to least allowed: each may do everything the next may (lib/auth/permissions.ts).
const RANK: Record<StaffRole, number> = { admin: 3, publisher: 2, auditor: 1 };

export function roleAtMost(role: StaffRole, ceiling: StaffRole): boolean {
  return RANK[role] <= RANK[ceiling];
}

/** The roles a staff member may give a token: theirs and those below it, most allowed first. */
export function grantableRoles(ceiling: StaffRole): StaffRole[] {
  return (Object.keys(RANK) as StaffRole[]).filter((role) => roleAtMost(role, ceiling));
}

/** The lower of two roles: a token never acts above its owner's current role. */
export function lowerRole(a: StaffRole, b: StaffRole): StaffRole {
  return RANK[a] <= RANK[b] ? a : b;
}
