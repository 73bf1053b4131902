import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { staffContext } from "@/lib/audit/audit-context";
import { findPostgresClient, splitPassword } from "@/lib/db/backup/postgres-client";
import { db } from "@/lib/db/client";
import type { StaffRole } from "@/lib/db/generated/enums";
import { formFailure } from "@/lib/forms/form-failure";
import { PERMISSION_ROLES } from "@/lib/auth/permissions";
import { createApiTokenInput } from "./api-token-input";
import { authenticateApiToken } from "./authenticate-api-token";
import { createApiToken } from "./create-api-token";
import { listApiTokens } from "./list-api-tokens";
import { revokeApiToken } from "./revoke-api-token";
import { roleAtMost } from "./staff-role-rank";

const ORIGIN = { ip: "203.0.113.9", userAgent: "Mozilla/5.0 (staff)" };
let serial = 0;

async function staffMember(role: StaffRole) {
  serial += 1;
  const user = await db.user.create({ data: { email: `token.staff${serial}@example.org`, role } });
  return { user, context: staffContext(user, ORIGIN) };
}

const uniqueName = (base: string) => `${base} ${(serial += 1)}`;

describe("creating a token", () => {
  it("stores only the secret's hash: a dump of the whole database holds no trace of the secret", async () => {
    const { context } = await staffMember("publisher");
    const { secret } = await createApiToken(context, {
      name: uniqueName("hash check"),
      role: "publisher",
      expiresAt: null,
    });
    const [{ num }] = await db.$queryRaw<{ num: string }[]>`SELECT current_setting('server_version_num') AS num`;
    const client = await findPostgresClient(Math.floor(Number(num) / 10000));
    const { url, env } = splitPassword(process.env.TEST_ADMIN_DATABASE_URL!);
    const { stdout: dump } = await promisify(execFile)(client.pgDump, ["--data-only", url], {
      env: { ...process.env, ...env },
      maxBuffer: 256 * 1024 * 1024,
    });
    expect(dump).toContain("hash check");
    const random = secret.slice("imp_".length);
    expect(dump).not.toContain(random);
    expect(dump).not.toContain(random.slice(0, 16));
    expect(dump).not.toContain(Buffer.from(random, "base64url").toString("hex"));
    // The token still works: the hash alone is enough to recognise it.
    await expect(authenticateApiToken(`Bearer ${secret}`, ORIGIN)).resolves.toMatchObject({ role: "publisher" });
  });

  it("records who created which token with what role, and never the secret", async () => {
    const { context, user } = await staffMember("admin");
    const name = uniqueName("OpenReview sync");
    const expiresAt = new Date("2030-01-01T00:00:00Z");
    const { token, secret } = await createApiToken(context, { name, role: "auditor", expiresAt });
    const event = await db.auditEvent.findFirstOrThrow({
      where: { type: "api_token.created" },
      orderBy: { id: "desc" },
    });
    expect(event).toMatchObject({
      actor: `staff:${user.email}`,
      data: { tokenId: token.id, name, role: "auditor", expiresAt: "2030-01-01T00:00:00.000Z" },
    });
    expect(JSON.stringify(event.data)).not.toContain(secret.slice(4));
  });

  it("refuses a role above the creator's own, naming the role field of the form", async () => {
    const { context, user } = await staffMember("publisher");
    const name = uniqueName("too mighty");
    const error = await createApiToken(context, { name, role: "admin", expiresAt: null }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "FORBIDDEN", field: "role" });
    const values = { name, role: "admin", expiresOn: "" };
    expect(formFailure(error, values, ["name", "role", "expiresOn"] as const)).toEqual({
      values,
      fieldErrors: { role: "As a publisher you can create tokens up to the publisher role." },
    });
    expect(await db.apiToken.count({ where: { ownerId: user.id } })).toBe(0);
    const auditor = await staffMember("auditor");
    await expect(
      createApiToken(auditor.context, { name: uniqueName("x"), role: "publisher", expiresAt: null }),
    ).rejects.toMatchObject({ code: "FORBIDDEN", field: "role" });
    await expect(
      createApiToken(context, { name: uniqueName("fine"), role: "auditor", expiresAt: null }),
    ).resolves.toMatchObject({ token: { role: "auditor" } });
  });

  it("refuses a name already used, even by a revoked token, as the audit log names tokens", async () => {
    const { context } = await staffMember("publisher");
    const name = uniqueName("CMT bridge");
    const { token } = await createApiToken(context, { name, role: "publisher", expiresAt: null });
    await revokeApiToken(context, { tokenId: token.id });
    await expect(createApiToken(context, { name, role: "publisher", expiresAt: null })).rejects.toMatchObject({
      code: "ALREADY_EXISTS",
      field: "name",
    });
  });

  it("checks the form's input: a name, a known role, an expiry date after today", () => {
    const parse = (values: Record<string, string>) => createApiTokenInput.safeParse(values);
    const messages = (values: Record<string, string>) => {
      const result = parse(values);
      return result.success ? [] : result.error.issues.map((issue) => `${String(issue.path[0])}: ${issue.message}`);
    };
    expect(messages({ name: " ", role: "owner", expiresOn: "2026-13-01" })).toEqual([
      "name: Name the token after what will use it, e.g. “OpenReview sync”.",
      "role: Choose a role: admin, publisher or auditor.",
      "expiresOn: Enter the expiry date as YYYY-MM-DD.",
    ]);
    const today = new Date().toISOString().slice(0, 10);
    expect(messages({ name: "a", role: "auditor", expiresOn: today })).toEqual([
      "expiresOn: Choose an expiry date after today (UTC).",
    ]);
    const parsed = parse({ name: "  Sync ", role: "auditor", expiresOn: "2099-02-03" });
    expect(parsed.data).toEqual({ name: "Sync", role: "auditor", expiresOn: new Date("2099-02-04T00:00:00Z") });
    expect(parse({ name: "Sync", role: "auditor", expiresOn: "" }).data?.expiresOn).toBeNull();
  });
});

describe("listing and revoking tokens", () => {
  it("shows a publisher their own tokens and an admin everyone's, with owner, times and state", async () => {
    const admin = await staffMember("admin");
    const publisher = await staffMember("publisher");
    const mine = await createApiToken(publisher.context, {
      name: uniqueName("mine"),
      role: "auditor",
      expiresAt: null,
    });
    const theirs = await createApiToken(admin.context, { name: uniqueName("theirs"), role: "admin", expiresAt: null });
    await authenticateApiToken(`Bearer ${mine.secret}`, ORIGIN);
    const publisherList = await listApiTokens(publisher.user);
    expect(publisherList.map((row) => row.id)).toEqual([mine.token.id]);
    expect(publisherList[0]).toMatchObject({
      name: mine.token.name,
      role: "auditor",
      ownerEmail: publisher.user.email,
      state: "active",
      revokedAt: null,
      expiresAt: null,
    });
    expect(publisherList[0].lastUsedAt).toBeInstanceOf(Date);
    const adminList = await listApiTokens(admin.user);
    expect(adminList.map((row) => row.id)).toEqual(expect.arrayContaining([mine.token.id, theirs.token.id]));
    expect(adminList.find((row) => row.id === theirs.token.id)?.lastUsedAt).toBeNull();
  });

  it("revokes a token: refused from its next call, shown as revoked, recorded once", async () => {
    const { context, user } = await staffMember("publisher");
    const { token, secret } = await createApiToken(context, {
      name: uniqueName("ci"),
      role: "publisher",
      expiresAt: null,
    });
    await expect(authenticateApiToken(`Bearer ${secret}`, ORIGIN)).resolves.toBeTruthy();
    expect(await revokeApiToken(context, { tokenId: token.id })).toEqual({ revoked: true, name: token.name });
    await expect(authenticateApiToken(`Bearer ${secret}`, ORIGIN)).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
      userMessage: expect.stringMatching(/was revoked on/),
    });
    expect(await revokeApiToken(context, { tokenId: token.id })).toEqual({ revoked: false, name: token.name });
    const events = await db.auditEvent.findMany({
      where: { type: "api_token.revoked", data: { path: ["tokenId"], equals: token.id } },
    });
    expect(events).toHaveLength(1);
    expect(events[0].actor).toBe(`staff:${user.email}`);
    expect((await listApiTokens(user)).find((row) => row.id === token.id)?.state).toBe("revoked");
  });

  it("lets a publisher revoke only their own tokens, and an admin any", async () => {
    const admin = await staffMember("admin");
    const owner = await staffMember("publisher");
    const other = await staffMember("publisher");
    const { token } = await createApiToken(owner.context, {
      name: uniqueName("owned"),
      role: "auditor",
      expiresAt: null,
    });
    await expect(revokeApiToken(other.context, { tokenId: token.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: token.id } })).revokedAt).toBeNull();
    await expect(revokeApiToken(admin.context, { tokenId: token.id })).resolves.toMatchObject({ revoked: true });
  });

  it("shows an expired token and a removed owner's token as no longer working", async () => {
    const { context, user } = await staffMember("admin");
    const expiring = await createApiToken(context, {
      name: uniqueName("short"),
      role: "auditor",
      expiresAt: new Date(Date.now() + 60_000),
    });
    await db.apiToken.update({ where: { id: expiring.token.id }, data: { expiresAt: new Date(Date.now() - 1) } });
    const leaver = await staffMember("publisher");
    const left = await createApiToken(leaver.context, { name: uniqueName("left"), role: "auditor", expiresAt: null });
    await db.user.update({ where: { id: leaver.user.id }, data: { removedAt: new Date() } });
    const states = Object.fromEntries((await listApiTokens(user)).map((row) => [row.id, row.state]));
    expect(states[expiring.token.id]).toBe("expired");
    expect(states[left.token.id]).toBe("owner removed");
  });
});

describe("roles", () => {
  it("rank admin over publisher over auditor, as the permission table grants them", () => {
    for (const roles of Object.values(PERMISSION_ROLES) as readonly (readonly StaffRole[])[]) {
      for (const role of roles) {
        for (const higher of ["admin", "publisher", "auditor"] as const) {
          if (roleAtMost(role, higher)) expect(roles).toContain(higher);
        }
      }
    }
  });
});
