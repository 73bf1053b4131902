import { can, type Permission } from "@/lib/auth/permissions";
import type { StaffRole } from "@/lib/db/generated/enums";

// The staff header's entries, in order. Groups open as a menu, so the bar stays on one line at
// 1024 px however many pages join a group; adding a page is one line in its group.
export type NavLink = { label: string; href: string; permission?: Permission; exact?: boolean };
export type NavGroup = { label: string; links: NavLink[] };
export type NavItem = NavLink | NavGroup;

export const STAFF_NAVIGATION: NavItem[] = [
  // Exact only: every staff address starts with /staff.
  { label: "Home", href: "/staff", exact: true },
  { label: "Agreements", href: "/staff/agreements", permission: "agreements.view" },
  { label: "Issue agreement", href: "/staff/agreements/new", permission: "agreements.issue" },
  { label: "Proceedings", href: "/staff/proceedings", permission: "agreements.view" },
  { label: "Templates", href: "/staff/templates", permission: "templates.manage" },
  {
    label: "Audit",
    links: [
      { label: "Audit log", href: "/staff/audit", permission: "audit.view" },
      { label: "Staff activity", href: "/staff/activity", permission: "audit.view" },
    ],
  },
  {
    label: "Settings",
    links: [
      { label: "Staff team", href: "/staff/team", permission: "staff.manage" },
      { label: "API tokens", href: "/staff/api-tokens", permission: "api_tokens.manage" },
      { label: "Webhooks", href: "/staff/webhooks", permission: "webhooks.manage" },
    ],
  },
];

export const isGroup = (item: NavItem): item is NavGroup => "links" in item;

/** The entries this role may open; a group none of whose pages it may open is left out. */
export function navigationFor(role: StaffRole, items: NavItem[] = STAFF_NAVIGATION): NavItem[] {
  const allowed = (link: NavLink) => !link.permission || can(role, link.permission);
  return items.flatMap((item): NavItem[] => {
    if (!isGroup(item)) return allowed(item) ? [item] : [];
    const links = item.links.filter(allowed);
    return links.length > 0 ? [{ ...item, links }] : [];
  });
}

/**
 * Which entry the page at `pathname` belongs to: the longest href that is the path or a folder
 * above it (an agreement's page belongs to Agreements, the issue form to Issue agreement).
 */
export function currentNavHref(pathname: string, items: NavItem[]): string | undefined {
  const links = items.flatMap((item) => (isGroup(item) ? item.links : [item]));
  const matches = links.filter(
    (link) => pathname === link.href || (!link.exact && pathname.startsWith(`${link.href}/`)),
  );
  return matches.sort((a, b) => b.href.length - a.href.length)[0]?.href;
}
