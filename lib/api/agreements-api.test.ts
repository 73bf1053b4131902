import { describe, expect, it } from "vitest";
import {
  batchAgreementsHandler as createBatch,
  createAgreementHandler as createAgreement,
  getAgreementHandler as getAgreement,
  listAgreementsHandler as listAgreements,
} from "@/lib/api/routes/agreement-handlers";
import { revokeApiToken } from "@/lib/api-tokens/revoke-api-token";
import { staffContext } from "@/lib/audit/audit-context";
import { db } from "@/lib/db/client";
import { apiTokenFor, callApi } from "@/test/api-fixtures";

let serial = 0;
const newVolume = () => `API volume ${process.pid}-${Date.now()}-${(serial += 1)}`;

const agreementBody = (overrides: Record<string, unknown> = {}) => ({
  volume: "PMLR API",
  title: "Sparse Attention Without Regret",
  authors: ["Ada Lovelace <ada@example.org>", "Émilie du Châtelet"],
  correspondingAuthor: { name: "Ada Lovelace", email: "ada@example.org" },
  ...overrides,
});

const create = (secret: string, body: unknown, headers: Record<string, string> = {}) =>
  callApi(createAgreement, { method: "POST", path: "/api/v1/agreements", secret, body, headers });

function expectProblem(json: Record<string, unknown> | null, status: number, code: string) {
  expect(json).toMatchObject({
    type: expect.stringMatching(
      new RegExp(`^https?://[^/]+/api/v1/problems#${code.toLowerCase().replaceAll("_", "-")}$`),
    ),
    status,
    code,
    title: expect.any(String),
    detail: expect.any(String),
  });
}

describe("POST /api/v1/agreements", () => {
  it("issues an agreement as the token; the create and a later read are audit events under the token's name", async () => {
    const { secret, token } = await apiTokenFor("publisher");
    const { status, json, response } = await create(secret, agreementBody({ volume: newVolume(), paperId: "17" }));
    expect(status).toBe(201);
    expect(json).toMatchObject({
      status: "sent",
      paperId: "17",
      title: "Sparse Attention Without Regret",
      authors: [
        { name: "Ada Lovelace", email: "ada@example.org" },
        { name: "Émilie du Châtelet", email: null },
      ],
    });
    const id = String(json!.id);
    expect(response.headers.get("location")).toBe(`/api/v1/agreements/${id}`);
    expect(response.headers.get("ratelimit-limit")).toMatch(/^\d+$/);
    const issued = await db.auditEvent.findFirstOrThrow({ where: { agreementId: id, type: "agreement.issued" } });
    expect(issued.actor).toBe(`api:${token.name}`);

    const read = await callApi(getAgreement, { path: `/api/v1/agreements/${id}`, secret, params: { id } });
    expect(read.status).toBe(200);
    expect(read.json).toMatchObject({
      id,
      events: expect.arrayContaining([expect.objectContaining({ type: "agreement.issued" })]),
    });
    const readEvent = await db.auditEvent.findFirstOrThrow({ where: { agreementId: id, type: "api.read" } });
    expect(readEvent.actor).toBe(`api:${token.name}`);
  });

  it("refuses invalid input with 422 and every problem at its JSON pointer, creating nothing", async () => {
    const { secret } = await apiTokenFor("publisher");
    const volume = newVolume();
    const { status, json, response } = await create(secret, {
      volume,
      title: "",
      authors: ["Ada Lovelace <not-an-address>", "Bob\nEve"],
      correspondingAuthor: { name: "Ada Lovelace", email: "nope" },
    });
    expect(status).toBe(422);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expectProblem(json, 422, "INVALID_INPUT");
    const pointers = (json!.errors as { pointer: string }[]).map((error) => error.pointer).sort();
    expect(pointers).toEqual(["/authors", "/authors/1", "/correspondingAuthor/email", "/title"]);
    const wrongTypes = await create(secret, { volume, title: 5, authors: "Ada", correspondingAuthor: null });
    expect((wrongTypes.json!.errors as { pointer: string }[]).map((error) => error.pointer).sort()).toEqual([
      "/authors",
      "/correspondingAuthor",
      "/title",
    ]);
    expect(await db.agreement.count({ where: { proceedings: { name: volume } } })).toBe(0);
  });

  it("answers a body that is not JSON with 400 and one too large with 413", async () => {
    const { secret } = await apiTokenFor("publisher");
    const notJson = await callApi(createAgreement, {
      method: "POST",
      path: "/api/v1/agreements",
      secret,
      rawBody: '{"volume": "x",',
    });
    expect(notJson.status).toBe(400);
    expectProblem(notJson.json, 400, "INVALID_INPUT");
    expect(notJson.json!.detail).toMatch(/not valid JSON/);
    const tooLarge = await create(secret, agreementBody({ title: "x".repeat(70 * 1024) }));
    expect(tooLarge.status).toBe(413);
    expectProblem(tooLarge.json, 413, "PAYLOAD_TOO_LARGE");
  });

  it("refuses a missing or revoked token with 401", async () => {
    const missing = await callApi(createAgreement, {
      method: "POST",
      path: "/api/v1/agreements",
      body: agreementBody(),
    });
    expect(missing.status).toBe(401);
    expectProblem(missing.json, 401, "UNAUTHENTICATED");
    const { secret, token, user } = await apiTokenFor("publisher");
    await revokeApiToken(staffContext(user, { ip: null, userAgent: null }), { tokenId: token.id });
    const revoked = await create(secret, agreementBody({ volume: newVolume() }));
    expect(revoked.status).toBe(401);
    expect(revoked.json!.detail).toMatch(/revoked/);
  });

  it("refuses an auditor's token with 403: it may read but not create", async () => {
    const { secret } = await apiTokenFor("auditor");
    const volume = newVolume();
    const refused = await create(secret, agreementBody({ volume }));
    expect(refused.status).toBe(403);
    expectProblem(refused.json, 403, "FORBIDDEN");
    expect(await db.agreement.count({ where: { proceedings: { name: volume } } })).toBe(0);
    const list = await callApi(listAgreements, { path: "/api/v1/agreements?limit=1", secret });
    expect(list.status).toBe(200);
  });

  it("answers an unknown agreement with 404 and a second agreement for one paper with 409", async () => {
    const { secret } = await apiTokenFor("publisher");
    const unknown = await callApi(getAgreement, { path: "/api/v1/agreements/nope", secret, params: { id: "nope" } });
    expect(unknown.status).toBe(404);
    expectProblem(unknown.json, 404, "NOT_FOUND");
    const volume = newVolume();
    expect((await create(secret, agreementBody({ volume, paperId: "9" }))).status).toBe(201);
    const again = await create(secret, agreementBody({ volume, paperId: "9", title: "Another" }));
    expect(again.status).toBe(409);
    expectProblem(again.json, 409, "ALREADY_EXISTS");
  });

  it("answers 429 with Retry-After once the token's allowance for the minute is spent", async () => {
    const { secret } = await apiTokenFor("publisher");
    const before = process.env.API_RATE_LIMIT_PER_MINUTE;
    process.env.API_RATE_LIMIT_PER_MINUTE = "3";
    try {
      const list = () => callApi(listAgreements, { path: "/api/v1/agreements?limit=1", secret });
      const answers = [await list(), await list(), await list(), await list()];
      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 429]);
      expect(answers.map((answer) => answer.response.headers.get("ratelimit-remaining"))).toEqual(["2", "1", "0", "0"]);
      const refused = answers[3];
      expectProblem(refused.json, 429, "RATE_LIMITED");
      expect(Number(refused.response.headers.get("retry-after"))).toBeGreaterThan(0);
      // Another token is not affected.
      const other = await apiTokenFor("publisher");
      const otherAnswer = await callApi(listAgreements, { path: "/api/v1/agreements?limit=1", secret: other.secret });
      expect(otherAnswer.status).toBe(200);
    } finally {
      if (before === undefined) delete process.env.API_RATE_LIMIT_PER_MINUTE;
      else process.env.API_RATE_LIMIT_PER_MINUTE = before;
    }
  });

  it("still refuses at the start of a minute a token that spent its allowance at the end of the last", async () => {
    const { secret, token } = await apiTokenFor("publisher");
    const before = process.env.API_RATE_LIMIT_PER_MINUTE;
    process.env.API_RATE_LIMIT_PER_MINUTE = "3";
    try {
      // The last clock minute's calls, as a token flooding up to the minute's edge leaves them: over
      // the last 60 s they weigh all but a fraction of a millisecond's share, far above the limit.
      const minute = 60_000;
      // Planted by this clock for the server's next call: not in the last second of a minute.
      if (Date.now() % minute > minute - 1000) await new Promise((resolve) => setTimeout(resolve, 1100));
      const previousMinute = new Date(Math.floor(Date.now() / minute) * minute - minute);
      await db.rateLimitBucket.create({
        data: { key: `api-calls:${token.id}`, windowStart: previousMinute, count: 1_000_000 },
      });
      const refused = await callApi(listAgreements, { path: "/api/v1/agreements?limit=1", secret });
      expect(refused.status).toBe(429);
      expect(refused.response.headers.get("ratelimit-remaining")).toBe("0");
      // Room again only as those calls slide out of the last minute: at this minute's end.
      const retryAfter = Number(refused.response.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
    } finally {
      if (before === undefined) delete process.env.API_RATE_LIMIT_PER_MINUTE;
      else process.env.API_RATE_LIMIT_PER_MINUTE = before;
    }
  });
});

describe("Idempotency-Key", () => {
  it("returns the same agreement for the same key and body, and 409 for another body", async () => {
    const { secret } = await apiTokenFor("publisher");
    const body = agreementBody({ volume: newVolume() });
    const first = await create(secret, body, { "Idempotency-Key": "key-1" });
    const again = await create(secret, { ...body }, { "Idempotency-Key": "key-1" });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.json).toEqual(first.json);
    expect(again.response.headers.get("idempotent-replayed")).toBe("true");
    expect(await db.agreement.count({ where: { proceedings: { name: body.volume } } })).toBe(1);

    const different = await create(secret, { ...body, title: "Another title" }, { "Idempotency-Key": "key-1" });
    expect(different.status).toBe(409);
    expectProblem(different.json, 409, "IDEMPOTENCY_KEY_REUSED");
    expect(await db.agreement.count({ where: { proceedings: { name: body.volume } } })).toBe(1);

    // Keys are per token: another token's "key-1" is its own.
    const other = await apiTokenFor("publisher");
    expect((await create(other.secret, body, { "Idempotency-Key": "key-1" })).json!.id).not.toBe(first.json!.id);
  });

  it("creates one agreement for concurrent requests with the same key", async () => {
    const { secret } = await apiTokenFor("publisher");
    const body = agreementBody({ volume: newVolume() });
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => create(secret, body, { "Idempotency-Key": "concurrent" })),
    );
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201, 201, 201, 201]);
    expect(new Set(answers.map((answer) => answer.json!.id)).size).toBe(1);
    expect(await db.agreement.count({ where: { proceedings: { name: body.volume } } })).toBe(1);
  });

  it("leaves the key unused when the create fails, so a corrected request can use it", async () => {
    const { secret } = await apiTokenFor("publisher");
    const volume = newVolume();
    expect((await create(secret, agreementBody({ volume, paperId: "1" }))).status).toBe(201);
    const clash = await create(secret, agreementBody({ volume, paperId: "1" }), { "Idempotency-Key": "retry" });
    expect(clash.status).toBe(409);
    const fixed = await create(secret, agreementBody({ volume, paperId: "2" }), { "Idempotency-Key": "retry" });
    expect(fixed.status).toBe(201);
  });
});

const row = (paperId: string, overrides: Record<string, unknown> = {}) => ({
  paperId,
  title: `Paper ${paperId}`,
  authors: [`Author ${paperId} <author${paperId}@example.org>`],
  correspondingAuthor: { name: `Author ${paperId}`, email: `author${paperId}@example.org` },
  ...overrides,
});

const batch = (secret: string, body: unknown) =>
  callApi(createBatch, { method: "POST", path: "/api/v1/agreements/batch", secret, body });

describe("POST /api/v1/agreements/batch", () => {
  it("refuses a batch with bad rows as a whole, each problem by row index; a good batch issues every row once", async () => {
    const { secret } = await apiTokenFor("publisher");
    const volume = newVolume();
    const bad = await batch(secret, {
      volume,
      rows: [
        row("1"),
        row("2", { correspondingAuthor: { name: "Author 2", email: "x" } }),
        row("1"),
        row("4", { title: "" }),
      ],
    });
    expect(bad.status).toBe(422);
    expect((bad.json!.errors as { pointer: string }[]).map((error) => error.pointer).sort()).toEqual([
      "/rows/1/authors",
      "/rows/1/correspondingAuthor/email",
      "/rows/2/paperId",
      "/rows/3/title",
    ]);
    expect(await db.agreement.count({ where: { proceedings: { name: volume } } })).toBe(0);

    const good = await batch(secret, { volume, rows: [row("1"), row("2"), row("3")] });
    expect(good.status).toBe(200);
    expect(good.json).toMatchObject({ issued: 3, skipped: 0 });
    const again = await batch(secret, { volume, rows: [row("3"), row("5")] });
    expect(again.json).toMatchObject({
      issued: 1,
      skipped: 1,
      agreements: [{ index: 1, paperId: "5" }],
      skippedRows: [{ index: 0, paperId: "3" }],
    });
    expect(await db.agreement.count({ where: { proceedings: { name: volume } } })).toBe(4);
  });

  it("refuses more than 5,000 rows with 422 at /rows", async () => {
    const { secret } = await apiTokenFor("publisher");
    const rows = Array.from({ length: 5001 }, (_, index) => row(String(index)));
    const refused = await batch(secret, { volume: newVolume(), rows });
    expect(refused.status).toBe(422);
    expect(refused.json!.errors).toEqual([{ pointer: "/rows", detail: expect.stringMatching(/at most 5,000 rows/) }]);
  });
});

describe("GET /api/v1/agreements", () => {
  it("pages with an opaque cursor: no duplicates and no gaps, even when agreements are issued meanwhile", async () => {
    const { secret } = await apiTokenFor("publisher");
    const volumeName = newVolume();
    await batch(secret, { volume: volumeName, rows: Array.from({ length: 23 }, (_, index) => row(String(index))) });
    const volume = await db.proceedings.findUniqueOrThrow({ where: { name: volumeName } });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query = new URLSearchParams({ volume: volume.id, limit: "5", ...(cursor && { cursor }) });
      const page = await callApi(listAgreements, { path: `/api/v1/agreements?${query}`, secret });
      expect(page.status).toBe(200);
      seen.push(...(page.json!.agreements as { id: string }[]).map((agreement) => agreement.id));
      cursor = page.json!.next as string | null;
      pages += 1;
      // A new agreement while paging goes first in the newest-first order: it must not shift the pages.
      if (pages === 2) await create(secret, agreementBody({ volume: volumeName, paperId: "late" }));
    } while (cursor);
    expect(pages).toBe(5);
    expect(new Set(seen).size).toBe(23);
    const all = await db.agreement.findMany({ where: { proceedingsId: volume.id, paperId: { not: "late" } } });
    expect(seen.sort()).toEqual(all.map((agreement) => agreement.id).sort());

    const filtered = await callApi(listAgreements, {
      path: `/api/v1/agreements?volume=${volume.id}&q=${encodeURIComponent("Paper 7")}`,
      secret,
    });
    expect((filtered.json!.agreements as { paperId: string }[]).map((agreement) => agreement.paperId)).toEqual(["7"]);
  });

  it("refuses a bad filter or a forged cursor with 422 naming the parameter", async () => {
    const { secret } = await apiTokenFor("auditor");
    const bad = await callApi(listAgreements, { path: "/api/v1/agreements?status=lost&limit=0", secret });
    expect(bad.status).toBe(422);
    expect((bad.json!.errors as { parameter: string }[]).map((error) => error.parameter).sort()).toEqual([
      "limit",
      "status",
    ]);
    const forged = await callApi(listAgreements, { path: "/api/v1/agreements?cursor=abc", secret });
    expect(forged.status).toBe(422);
    expect(forged.json!.errors).toEqual([{ parameter: "cursor", detail: expect.any(String) }]);
  });
});
