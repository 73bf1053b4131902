import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { staffActing } from "@/test/contexts";
import { changeStaffRole } from "./change-staff-role";
import { inviteStaff } from "./invite-staff";
import { listStaff } from "./list-staff";
import { removeStaff } from "./remove-staff";

const BOSS = staffActing("boss@imprimatur.test");
const ACTOR = BOSS.actor;

async function addStaff(email: string, role: "admin" | "publisher" | "auditor") {
  return db.user.create({ data: { email, role } });
}

async function activeAdmins() {
  return db.user.count({ where: { role: "admin", removedAt: null } });
}

// Every test file has its own database, but tests in a file share it: start from no staff.
async function emptyTeam() {
  await db.session.deleteMany();
  await db.user.deleteMany({ where: { issued: { none: {} } } });
}

describe("inviting staff", () => {
  it("creates the account with its role, emails them where to sign in, and records who did it", async () => {
    await emptyTeam();
    const { user, restored } = await inviteStaff(BOSS, { email: "new.publisher@example.org", role: "publisher" });
    expect(restored).toBe(false);
    expect(user).toMatchObject({ email: "new.publisher@example.org", role: "publisher", removedAt: null });
    const email = await db.emailMessage.findFirstOrThrow({ where: { to: "new.publisher@example.org" } });
    expect(email.kind).toBe("staff_invitation");
    expect(email.text).toContain("http://imprimatur.test:3000/staff/sign-in");
    expect(email.text).toContain("as a publisher");
    const event = await db.auditEvent.findFirstOrThrow({ where: { type: "staff.invited" }, orderBy: { id: "desc" } });
    expect(event).toMatchObject({
      actor: ACTOR,
      ip: "203.0.113.5",
      data: { email: "new.publisher@example.org", role: "publisher", restored: false },
    });
  });

  it("refuses an address that already has access, naming the email field", async () => {
    await emptyTeam();
    await addStaff("already@example.org", "auditor");
    await expect(inviteStaff(BOSS, { email: "already@example.org", role: "admin" })).rejects.toMatchObject({
      code: "ALREADY_EXISTS",
      field: "email",
      userMessage: "This person already has access. Change their role in the list instead.",
    });
    expect((await db.user.findUniqueOrThrow({ where: { email: "already@example.org" } })).role).toBe("auditor");
  });

  it("restores a removed member with the new role, keeping the same account", async () => {
    await emptyTeam();
    await addStaff("boss@imprimatur.test", "admin");
    const gone = await addStaff("returning@example.org", "publisher");
    await removeStaff(BOSS, { userId: gone.id });
    const { user, restored } = await inviteStaff(BOSS, { email: "returning@example.org", role: "auditor" });
    expect(restored).toBe(true);
    expect(user).toMatchObject({ id: gone.id, role: "auditor", removedAt: null });
  });
});

describe("changing a role", () => {
  it("changes the role and records from what to what", async () => {
    await emptyTeam();
    await addStaff("boss@imprimatur.test", "admin");
    const member = await addStaff("promote.me@example.org", "auditor");
    await changeStaffRole(BOSS, { userId: member.id, role: "publisher" });
    expect((await db.user.findUniqueOrThrow({ where: { id: member.id } })).role).toBe("publisher");
    const event = await db.auditEvent.findFirstOrThrow({
      where: { type: "staff.role_changed" },
      orderBy: { id: "desc" },
    });
    expect(event).toMatchObject({
      actor: ACTOR,
      data: { email: "promote.me@example.org", from: "auditor", to: "publisher" },
    });
  });

  it("refuses to demote the last admin", async () => {
    await emptyTeam();
    const only = await addStaff("only.admin@example.org", "admin");
    await addStaff("someone@example.org", "publisher");
    await expect(changeStaffRole(BOSS, { userId: only.id, role: "publisher" })).rejects.toThrow(
      "There must be at least one admin.",
    );
    expect(await activeAdmins()).toBe(1);
  });

  it("two admins demoting each other at the same moment leave exactly one admin", async () => {
    for (let round = 0; round < 5; round++) {
      await emptyTeam();
      const first = await addStaff("first.admin@example.org", "admin");
      const second = await addStaff("second.admin@example.org", "admin");
      const outcomes = await Promise.allSettled([
        changeStaffRole(staffActing("second.admin@example.org"), { userId: first.id, role: "publisher" }),
        changeStaffRole(staffActing("first.admin@example.org"), { userId: second.id, role: "auditor" }),
      ]);
      expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
      const refused = outcomes.find((outcome) => outcome.status === "rejected");
      expect(String(refused?.reason)).toContain("There must be at least one admin.");
      expect(await activeAdmins()).toBe(1);
    }
  });
});

describe("removing access", () => {
  it("ends their sessions and unused sign-in links, keeps the account, and records it", async () => {
    await emptyTeam();
    await addStaff("boss@imprimatur.test", "admin");
    const member = await addStaff("leaving@example.org", "publisher");
    await db.session.create({
      data: { sessionToken: "leaving-session", userId: member.id, expires: new Date(Date.now() + 86_400_000) },
    });
    await db.verificationToken.create({
      data: { identifier: "leaving@example.org", token: "unused-link", expires: new Date(Date.now() + 86_400_000) },
    });
    await removeStaff(BOSS, { userId: member.id });
    expect((await db.user.findUniqueOrThrow({ where: { id: member.id } })).removedAt).toBeInstanceOf(Date);
    expect(await db.session.count({ where: { userId: member.id } })).toBe(0);
    expect(await db.verificationToken.count({ where: { identifier: "leaving@example.org" } })).toBe(0);
    const event = await db.auditEvent.findFirstOrThrow({ where: { type: "staff.removed" }, orderBy: { id: "desc" } });
    expect(event).toMatchObject({ actor: ACTOR, data: { email: "leaving@example.org", sessionsEnded: 1 } });
  });

  it("refuses to remove the last admin, even when removals race", async () => {
    await emptyTeam();
    const first = await addStaff("first.admin@example.org", "admin");
    const second = await addStaff("second.admin@example.org", "admin");
    const outcomes = await Promise.allSettled([
      removeStaff(BOSS, { userId: first.id }),
      removeStaff(BOSS, { userId: second.id }),
    ]);
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
    expect(await activeAdmins()).toBe(1);
  });

  it("lists current staff first, then the removed with when they left", async () => {
    await emptyTeam();
    await addStaff("zed@example.org", "admin");
    const gone = await addStaff("anna@example.org", "auditor");
    await addStaff("bob@example.org", "publisher");
    await removeStaff(BOSS, { userId: gone.id });
    const staff = await listStaff();
    expect(staff.map((member) => member.email)).toEqual(["bob@example.org", "zed@example.org", "anna@example.org"]);
    expect(staff[2].removedAt).toBeInstanceOf(Date);
  });
});
