import type { StaffRole } from "@/lib/db/generated/enums";

// Who may do what, in one table: pages, server actions and route handlers name a permission,
// never a role, so changing what a role may do is a change to this file alone.
const ALL_STAFF = ["admin", "publisher", "auditor"] as const satisfies readonly StaffRole[];
const EDITORS = ["admin", "publisher"] as const satisfies readonly StaffRole[];

export const PERMISSION_ROLES = {
  "agreements.view": ALL_STAFF,
  "agreements.issue": EDITORS,
  "agreements.correct": EDITORS,
  "seal.retry": EDITORS,
  "documents.timestamp": EDITORS,
  "proceedings.manage": EDITORS,
  "templates.manage": EDITORS,
  "imports.run": EDITORS,
  // Webhooks send agreement events to outside systems and hold signing secrets.
  "webhooks.manage": EDITORS,
  // An auditor reads everything and takes copies away: signed PDFs, bundles, exports.
  "exports.download": ALL_STAFF,
  "audit.view": ALL_STAFF,
  "staff.manage": ["admin"],
  // Tokens for the REST API, each with a role no higher than its creator's (an admin sees them all).
  "api_tokens.manage": EDITORS,
} as const satisfies Record<string, readonly StaffRole[]>;

export type Permission = keyof typeof PERMISSION_ROLES;

export function can(role: StaffRole, permission: Permission): boolean {
  return (PERMISSION_ROLES[permission] as readonly StaffRole[]).includes(role);
}
