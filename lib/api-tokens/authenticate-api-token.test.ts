import { beforeEach, describe, expect, it } from "vitest";
import { staffContext } from "@/lib/audit/audit-context";
import { db } from "@/lib/db/client";
import { pgPool } from "@/lib/db/pg-pool";
import type { StaffRole } from "@/lib/db/generated/enums";
import { removeStaff } from "@/lib/staff/remove-staff";
import { changeStaffRole } from "@/lib/staff/change-staff-role";
import { authenticateApiToken, LAST_USED_RESOLUTION_MS } from "./authenticate-api-token";
import { createApiToken } from "./create-api-token";

const ORIGIN = { ip: "198.51.100.7", userAgent: "integration/1.0" };
let serial = 0;

async function staffMember(role: StaffRole) {
  serial += 1;
  const user = await db.user.create({ data: { email: `owner${serial}@example.org`, role } });
  return { user, context: staffContext(user, ORIGIN) };
}

async function tokenOf(role: StaffRole, options: { tokenRole?: StaffRole; expiresAt?: Date | null } = {}) {
  const owner = await staffMember(role);
  serial += 1;
  const created = await createApiToken(owner.context, {
    name: `submission system ${serial}`,
    role: options.tokenRole ?? role,
    expiresAt: options.expiresAt ?? null,
  });
  return { ...created, owner };
}

const bearer = (secret: string) => `Bearer ${secret}`;

async function refusal(authorization: string | null) {
  const error = await authenticateApiToken(authorization, ORIGIN).then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toMatchObject({ code: "UNAUTHENTICATED", status: 401 });
  return (error as { userMessage: string }).userMessage;
}

beforeEach(async () => {
  // A spare admin, so removing an admin owner never runs into "the last admin".
  await db.user.upsert({
    where: { email: "spare.admin@example.org" },
    create: { email: "spare.admin@example.org", role: "admin" },
    update: {},
  });
});

describe("authenticating an API call", () => {
  it("answers with the token's name, role and an audit context naming the token and its owner", async () => {
    const { secret, token, owner } = await tokenOf("publisher");
    expect(secret).toMatch(/^imp_[A-Za-z0-9_-]{43}$/);
    const caller = await authenticateApiToken(bearer(secret), ORIGIN);
    expect(caller).toEqual({
      tokenId: token.id,
      name: token.name,
      role: "publisher",
      context: {
        kind: "api",
        actor: `api:${token.name}`,
        staffId: owner.user.id,
        ip: "198.51.100.7",
        userAgent: "integration/1.0",
      },
    });
    // The scheme's case does not matter (RFC 9110 §11.1).
    await expect(authenticateApiToken(`bearer ${secret}`, ORIGIN)).resolves.toMatchObject({ tokenId: token.id });
  });

  it("refuses a missing, malformed or unknown token, saying which", async () => {
    const { secret } = await tokenOf("publisher");
    expect(await refusal(null)).toMatch(/Send an API token in the Authorization header/);
    expect(await refusal("   ")).toMatch(/Send an API token in the Authorization header/);
    expect(await refusal(`Basic ${Buffer.from("a:b").toString("base64")}`)).toMatch(/must be "Bearer "/);
    expect(await refusal(secret)).toMatch(/must be "Bearer "/);
    expect(await refusal(bearer(secret.slice(0, -1)))).toMatch(/not an Imprimatur API token/);
    expect(await refusal(bearer(`xyz_${secret.slice(4)}`))).toMatch(/not an Imprimatur API token/);
    const flipped = secret.slice(0, -1) + (secret.endsWith("A") ? "B" : "A");
    expect(await refusal(bearer(flipped))).toMatch(/This API token is not known/);
  });

  it("refuses a revoked token", async () => {
    const { secret, token } = await tokenOf("admin");
    await db.apiToken.update({ where: { id: token.id }, data: { revokedAt: new Date("2026-11-30T12:00:00Z") } });
    expect(await refusal(bearer(secret))).toBe(
      `The API token "${token.name}" was revoked on 2026-11-30T12:00:00.000Z.`,
    );
  });

  it("accepts a token until its expiry and refuses it from then on", async () => {
    const { secret, token } = await tokenOf("publisher", { expiresAt: new Date(Date.now() + 60_000) });
    await expect(authenticateApiToken(bearer(secret), ORIGIN)).resolves.toMatchObject({ tokenId: token.id });
    const past = new Date(Date.now() - 1000);
    await db.apiToken.update({ where: { id: token.id }, data: { expiresAt: past } });
    expect(await refusal(bearer(secret))).toBe(`The API token "${token.name}" expired on ${past.toISOString()}.`);
  });

  it("refuses the token of a staff member whose access was removed", async () => {
    const { secret, owner } = await tokenOf("publisher");
    await removeStaff(owner.context, { userId: owner.user.id });
    expect(await refusal(bearer(secret))).toMatch(/the staff member who created it no longer has access/);
  });

  it("acts with the lower of the token's role and its owner's current role", async () => {
    const admin = await tokenOf("admin", { tokenRole: "publisher" });
    expect((await authenticateApiToken(bearer(admin.secret), ORIGIN)).role).toBe("publisher");
    const demoted = await tokenOf("admin");
    expect((await authenticateApiToken(bearer(demoted.secret), ORIGIN)).role).toBe("admin");
    await changeStaffRole(demoted.owner.context, { userId: demoted.owner.user.id, role: "auditor" });
    expect((await authenticateApiToken(bearer(demoted.secret), ORIGIN)).role).toBe("auditor");
  });

  it("writes the last-used time at most once a minute", async () => {
    const { secret, token } = await tokenOf("publisher");
    const lastUsed = async () => (await db.apiToken.findUniqueOrThrow({ where: { id: token.id } })).lastUsedAt;
    expect(await lastUsed()).toBeNull();
    await authenticateApiToken(bearer(secret), ORIGIN);
    const first = await lastUsed();
    expect(first).toBeInstanceOf(Date);
    await authenticateApiToken(bearer(secret), ORIGIN);
    await authenticateApiToken(bearer(secret), ORIGIN);
    expect(await lastUsed()).toEqual(first);
    const aMinuteAgo = new Date(Date.now() - LAST_USED_RESOLUTION_MS - 1000);
    await db.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: aMinuteAgo } });
    await authenticateApiToken(bearer(secret), ORIGIN);
    expect((await lastUsed())!.getTime()).toBeGreaterThan(aMinuteAgo.getTime() + LAST_USED_RESOLUTION_MS);
  });

  it("relaxes only its own commit: every pooled connection's next statement, an agreement's write among them, is durable", async () => {
    const { secret } = await tokenOf("publisher");
    const rule = { name: "api", limit: 1000, windowSeconds: 60 };
    await Promise.all(Array.from({ length: 6 }, () => authenticateApiToken(bearer(secret), ORIGIN, rule)));
    // The pool holds at most a few connections: take them all, whichever ran the checks.
    const pool = pgPool();
    const clients = await Promise.all(Array.from({ length: pool.options.max ?? 3 }, () => pool.connect()));
    try {
      for (const client of clients) {
        const { rows } = await client.query<{ setting: string }>(
          "SELECT current_setting('synchronous_commit') AS setting",
        );
        expect(rows[0].setting).toBe("on");
      }
    } finally {
      for (const client of clients) client.release();
    }
  });
});
