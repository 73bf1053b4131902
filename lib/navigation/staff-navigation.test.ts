import { describe, expect, it } from "vitest";
import { currentNavHref, isGroup, navigationFor, STAFF_NAVIGATION, type NavItem } from "./staff-navigation";

const labels = (items: NavItem[]) =>
  items.map((item) => (isGroup(item) ? `${item.label}: ${item.links.map((l) => l.label).join(", ")}` : item.label));

describe("the staff navigation", () => {
  it("offers each role only the pages it may open, and drops a group left empty", () => {
    expect(labels(navigationFor("admin"))).toEqual([
      "Home",
      "Agreements",
      "Issue agreement",
      "Proceedings",
      "Templates",
      "Audit: Audit log, Staff activity",
      "Settings: Staff team, API tokens, Webhooks",
    ]);
    expect(labels(navigationFor("publisher"))).toContain("Settings: API tokens, Webhooks");
    expect(labels(navigationFor("auditor"))).toEqual([
      "Home",
      "Agreements",
      "Proceedings",
      "Audit: Audit log, Staff activity",
    ]);
  });

  it("marks the entry a page belongs to: the longest matching address, Home only on /staff itself", () => {
    const items = navigationFor("admin");
    expect(currentNavHref("/staff", items)).toBe("/staff");
    expect(currentNavHref("/staff/agreements", items)).toBe("/staff/agreements");
    expect(currentNavHref("/staff/agreements/new", items)).toBe("/staff/agreements/new");
    expect(currentNavHref("/staff/agreements/cm123", items)).toBe("/staff/agreements");
    expect(currentNavHref("/staff/proceedings/v1/import", items)).toBe("/staff/proceedings");
    expect(currentNavHref("/staff/activity", items)).toBe("/staff/activity");
    expect(currentNavHref("/staff/agreementsX", items)).toBeUndefined();
    expect(currentNavHref("/staff/unknown", STAFF_NAVIGATION)).toBeUndefined();
  });
});
