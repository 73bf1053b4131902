import { describe, expect, it } from "vitest";
import { createAgreementHandler as createAgreement } from "@/lib/api/routes/agreement-handlers";
import { updateProceedingsHandler as patchVolume } from "@/lib/api/routes/proceedings-handlers";
import { revokeApiToken } from "@/lib/api-tokens/revoke-api-token";
import { staffContext } from "@/lib/audit/audit-context";
import { db } from "@/lib/db/client";
import { emailForDelivery } from "@/lib/mail/outbox";
import { saveTemplate } from "@/lib/templates/save-template";
import { apiTokenFor, callApi } from "@/test/api-fixtures";

// What one create writes, now that the volume, the agreement, its link, invitation, delivery job and
// events are written by a few batched statements: the same rows as before, whole or not at all.

let serial = 0;
const newVolume = () => `Writes volume ${process.pid}-${Date.now()}-${(serial += 1)}`;

const body = (volume: string, n: number, paperId?: string) => ({
  volume,
  ...(paperId && { paperId }),
  title: `Łukasiewicz Logics for Attention ${n}`,
  authors: [`Jan Łukasiewicz <jan${n}@example.org>`, "Alfred Tarski"],
  correspondingAuthor: { name: "Jan Łukasiewicz", email: `jan${n}@example.org` },
});

const create = (secret: string, json: unknown, headers: Record<string, string> = {}) =>
  callApi(createAgreement, { method: "POST", path: "/api/v1/agreements", secret, body: json, headers });

async function deliveryJobsFor(emailIds: string[]) {
  const rows = await db.$queryRaw<{ emailId: string }[]>`
    SELECT payload->>'emailId' AS "emailId" FROM graphile_worker._private_jobs
    WHERE key = ANY(${emailIds.map((id) => `email:${id}`)})`;
  return rows.map((row) => row.emailId).sort();
}

describe("an API create's writes", () => {
  it("concurrent first agreements of a new volume share one volume; each has its link, invitation, job and events", async () => {
    const { secret, token } = await apiTokenFor("publisher");
    const volume = newVolume();
    const answers = await Promise.all(
      Array.from({ length: 5 }, (_, n) => create(secret, body(volume, n), { "Idempotency-Key": `first-${n}` })),
    );
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201, 201, 201]);
    expect(await db.proceedings.count({ where: { name: volume } })).toBe(1);
    const ids = answers.map((answer) => String(answer.json!.id));
    for (const [n, id] of ids.entries()) {
      const agreement = await db.agreement.findUniqueOrThrow({
        where: { id },
        include: { signingLinks: true, emails: true, proceedings: true, templateVersion: true },
      });
      expect(agreement).toMatchObject({ status: "sent", articleTitle: `Łukasiewicz Logics for Attention ${n}` });
      expect(agreement.text).toContain(`Łukasiewicz Logics for Attention ${n}`);
      expect(agreement.signingLinks).toHaveLength(1);
      expect(agreement.signingLinks[0].expiresAt.getTime()).toBeGreaterThan(Date.now() + 86_400_000);
      expect(agreement.emails).toHaveLength(1);
      const [invitation] = agreement.emails;
      expect(invitation).toMatchObject({ kind: "invitation", to: `jan${n}@example.org`, status: "queued" });
      // The stored text holds no link; the one put in at delivery opens this agreement's link.
      expect(invitation.text).not.toMatch(/\/sign\/[A-Za-z0-9_-]{43}/);
      expect(emailForDelivery(invitation).text).toMatch(/\/sign\/[A-Za-z0-9_-]{43}/);
      expect(await deliveryJobsFor([invitation.id])).toEqual([invitation.id]);
      const events = await db.auditEvent.findMany({ where: { agreementId: id }, orderBy: { id: "asc" } });
      expect(events.map((event) => [event.type, event.actor])).toEqual([
        ["agreement.issued", `api:${token.name}`],
        ["email.queued", "system"],
      ]);
      expect(events[0].data).toMatchObject({ textSha256: agreement.textSha256, to: `jan${n}@example.org` });
      expect(events[1].data).toMatchObject({ emailId: invitation.id, kind: "invitation" });
      const key = await db.apiIdempotencyKey.findUniqueOrThrow({
        where: { tokenId_key: { tokenId: token.id, key: `first-${n}` } },
      });
      expect(key).toMatchObject({ status: 201, agreementId: id, response: answers[n].json });
    }
  });

  it("two concurrent creates of one new paper under different keys: one agreement, and the other leaves nothing", async () => {
    const { secret, token } = await apiTokenFor("publisher");
    const volume = newVolume();
    const answers = await Promise.all(
      ["a", "b"].map((key) => create(secret, body(volume, 7, "P-7"), { "Idempotency-Key": key })),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409]);
    const agreements = await db.agreement.findMany({ where: { proceedings: { name: volume } } });
    expect(agreements).toHaveLength(1);
    expect(await db.signingLink.count({ where: { agreement: { proceedings: { name: volume } } } })).toBe(1);
    expect(
      await db.emailMessage.count({ where: { to: "jan7@example.org", agreement: { proceedings: { name: volume } } } }),
    ).toBe(1);
    expect(await db.auditEvent.count({ where: { agreementId: { in: agreements.map((a) => a.id) } } })).toBe(2);
    const keys = await db.apiIdempotencyKey.findMany({ where: { tokenId: token.id } });
    expect(keys.map((key) => key.agreementId)).toEqual([agreements[0].id]);
  });

  it("on a volume that exists (one statement): concurrent requests with one key make one agreement and all give its answer", async () => {
    const { secret, token } = await apiTokenFor("publisher");
    const volume = newVolume();
    expect((await create(secret, body(volume, 0))).status).toBe(201);
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => create(secret, body(volume, 1, "P-1"), { "Idempotency-Key": "same" })),
    );
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201, 201, 201, 201]);
    for (const answer of answers) expect(answer.json).toEqual(answers[0].json);
    expect(answers.filter((answer) => answer.response.headers.get("idempotent-replayed") === "true")).toHaveLength(5);
    const agreements = await db.agreement.findMany({ where: { proceedings: { name: volume }, paperId: "P-1" } });
    expect(agreements.map((agreement) => agreement.id)).toEqual([answers[0].json!.id]);
    expect(await db.emailMessage.count({ where: { agreementId: agreements[0].id } })).toBe(1);
    expect(await db.auditEvent.count({ where: { agreementId: agreements[0].id, type: "agreement.issued" } })).toBe(1);
    const key = await db.apiIdempotencyKey.findUniqueOrThrow({
      where: { tokenId_key: { tokenId: token.id, key: "same" } },
    });
    expect(key).toMatchObject({ status: 201, agreementId: agreements[0].id, response: answers[0].json });

    // The key's paper now has its agreement: the same body still replays, another body is a 409 for the key.
    const replay = await create(secret, body(volume, 1, "P-1"), { "Idempotency-Key": "same" });
    expect(replay.status).toBe(201);
    expect(replay.json).toEqual(answers[0].json);
    const reused = await create(secret, body(volume, 2, "P-2"), { "Idempotency-Key": "same" });
    expect(reused.status).toBe(409);
    expect(reused.json!.code).toBe("IDEMPOTENCY_KEY_REUSED");
  });

  it("on a volume that exists: a paper issued already or concurrently is a 409 and leaves neither a key nor rows", async () => {
    const { secret, token } = await apiTokenFor("publisher");
    const volume = newVolume();
    const first = await create(secret, body(volume, 0, "P-0"));
    expect(first.status).toBe(201);
    const clash = await create(secret, body(volume, 3, "P-0"), { "Idempotency-Key": "clash" });
    expect(clash.status).toBe(409);
    expect(clash.json!.code).toBe("ALREADY_EXISTS");
    expect(String(clash.json!.detail)).toContain(String(first.json!.id));
    const racing = await Promise.all(
      ["a", "b", "c"].map((key) => create(secret, body(volume, 4, "P-4"), { "Idempotency-Key": key })),
    );
    expect(racing.map((answer) => answer.status).sort()).toEqual([201, 409, 409]);
    const agreements = await db.agreement.findMany({ where: { proceedings: { name: volume } } });
    expect(agreements).toHaveLength(2);
    expect(await db.emailMessage.count({ where: { agreementId: { in: agreements.map((a) => a.id) } } })).toBe(2);
    const keys = await db.apiIdempotencyKey.findMany({ where: { tokenId: token.id } });
    expect(keys.map((key) => key.agreementId)).toEqual([racing.find((answer) => answer.status === 201)!.json!.id]);
    // The refused key was not spent: a corrected request uses it.
    const fixed = await create(secret, body(volume, 5, "P-5"), { "Idempotency-Key": "clash" });
    expect(fixed.status).toBe(201);
    expect(fixed.response.headers.get("idempotent-replayed")).toBeNull();
  });

  it("issues on a volume's new settings the moment they change: template, its new version, link expiry, publisher, name", async () => {
    const { secret, token, user } = await apiTokenFor("publisher");
    const staff = staffContext(user, { ip: "203.0.113.20", userAgent: "vitest" });
    const volume = newVolume();
    const issued = async (n: number, headers: Record<string, string> = {}) => {
      const answer = await create(secret, body(volume, n), headers);
      expect(answer.status).toBe(201);
      return db.agreement.findUniqueOrThrow({
        where: { id: String(answer.json!.id) },
        include: { signingLinks: true, templateVersion: true, proceedings: true },
      });
    };
    // The second and third creates find the volume as the first left it (the third without reading it).
    const before = await issued(0);
    await issued(1);
    expect((await issued(2)).templateVersionId).toBe(before.templateVersionId);

    const key = `changed-${serial}`;
    const template = (version: number) => ({
      mode: version === 1 ? ("create" as const) : ("edit" as const),
      key,
      name: "Changed template",
      language: "en",
      signers: "corresponding_author" as const,
      body: `# Version ${version}\n\n1. You grant {{publisher}} the right to publish {{article_title}}.`,
      notice: "© {{year}} {{authors}}.",
      choices: [],
    });
    await saveTemplate(staff, template(1));
    const patched = await callApi(patchVolume, {
      method: "PATCH",
      path: `/api/v1/proceedings/${before.proceedingsId}`,
      secret,
      params: { id: before.proceedingsId },
      body: { templateKey: key, linkExpiryDays: 5, publisherName: "Changed Press" },
    });
    expect(patched.status).toBe(200);
    const changed = await issued(3, { "Idempotency-Key": "after-change" });
    expect(changed.templateVersion).toMatchObject({ key, version: 1 });
    expect(changed.text).toContain("Version 1");
    expect(changed.text).toContain("Changed Press");
    expect(changed.publisherName).toBe("Changed Press");
    const expiry = changed.signingLinks[0].expiresAt.getTime() - changed.issuedAt.getTime();
    expect(expiry).toBe(5 * 86_400_000);
    const stored = await db.apiIdempotencyKey.findUniqueOrThrow({
      where: { tokenId_key: { tokenId: token.id, key: "after-change" } },
    });
    expect(stored.agreementId).toBe(changed.id);

    await saveTemplate(staff, template(2));
    const newer = await issued(4);
    expect(newer.templateVersion).toMatchObject({ key, version: 2 });
    expect(newer.text).toContain("Version 2");

    // Renamed: the old name is a new volume, made by the next create that names it.
    const renamed = await callApi(patchVolume, {
      method: "PATCH",
      path: `/api/v1/proceedings/${before.proceedingsId}`,
      secret,
      params: { id: before.proceedingsId },
      body: { name: `${volume} (renamed)` },
    });
    expect(renamed.status).toBe(200);
    const reborn = await issued(5);
    expect(reborn.proceedingsId).not.toBe(before.proceedingsId);
    expect(reborn.proceedings.name).toBe(volume);
    expect(await db.agreement.count({ where: { proceedingsId: before.proceedingsId } })).toBe(5);
  });

  it("counts each call of a usable token once, and a revoked token's calls not at all", async () => {
    const { secret, token, user } = await apiTokenFor("publisher");
    const calls = async () =>
      (await db.rateLimitBucket.findMany({ where: { key: `api-calls:${token.id}` } })).reduce((n, b) => n + b.count, 0);
    const volume = newVolume();
    const first = await create(secret, body(volume, 1));
    const second = await create(secret, body(volume, 2));
    expect(await calls()).toBe(2);
    expect(Number(first.response.headers.get("ratelimit-remaining")) - 1).toBe(
      Number(second.response.headers.get("ratelimit-remaining")),
    );
    const lastUsed = (await db.apiToken.findUniqueOrThrow({ where: { id: token.id } })).lastUsedAt;
    expect(lastUsed).toBeInstanceOf(Date);

    await revokeApiToken(staffContext(user, { ip: null, userAgent: null }), { tokenId: token.id });
    const refused = await create(secret, body(volume, 3));
    expect(refused.status).toBe(401);
    expect(await calls()).toBe(2);
    expect(await db.agreement.count({ where: { proceedings: { name: volume } } })).toBe(2);
  });
});
