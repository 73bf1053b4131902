import { describe, expect, it } from "vitest";
import {
  createProceedingsHandler as createVolume,
  deleteProceedingsHandler as deleteVolume,
  getProceedingsHandler as getVolume,
  listProceedingsHandler as listVolumes,
  updateProceedingsHandler as patchVolume,
} from "@/lib/api/routes/proceedings-handlers";
import { listTemplatesHandler as listTemplatesRoute } from "@/lib/api/routes/template-handlers";
import { db } from "@/lib/db/client";
import { issueTestAgreement } from "@/test/agreement-fixtures";
import { apiTokenFor, callApi } from "@/test/api-fixtures";

const publisher = apiTokenFor("publisher", "volumes publisher");
const auditor = apiTokenFor("auditor", "volumes auditor");
let serial = 0;
const uniqueName = (base: string) => `${base} ${process.pid}-${(serial += 1)}`;

async function call(
  route: Parameters<typeof callApi>[0],
  {
    method = "GET",
    id,
    body,
    query = "",
    who = publisher,
  }: {
    method?: string;
    id?: string;
    body?: unknown;
    query?: string;
    who?: ReturnType<typeof apiTokenFor>;
  } = {},
) {
  const { secret } = await who;
  const path = `/api/v1/proceedings${id ? `/${id}` : ""}${query}`;
  return callApi(route, { method, path, secret, body, params: id ? { id } : {} });
}

describe("POST /api/v1/proceedings", () => {
  it("creates a volume with the form's defaults, recorded under the token's name", async () => {
    const name = uniqueName("PMLR 301: ICML 2026");
    const answer = await call(createVolume, {
      method: "POST",
      body: { name, shortName: `v${serial}`, deadline: "2026-12-31" },
    });
    expect(answer.status).toBe(201);
    expect(answer.json).toMatchObject({
      name,
      shortName: `v${serial}`,
      publisherName: null,
      deadline: "2026-12-31T23:59:59.999Z",
      linkExpiryDays: 30,
      reminderDays: [7, 2, 0],
      templateKey: null,
      agreements: 0,
    });
    expect(answer.response.headers.get("location")).toBe(`/api/v1/proceedings/${answer.json!.id}`);
    const event = await db.auditEvent.findFirstOrThrow({
      where: { type: "proceedings.created" },
      orderBy: { id: "desc" },
    });
    expect(event.actor).toBe(`api:${(await publisher).token.name}`);
    expect(event.data).toMatchObject({ proceedingsId: answer.json!.id, name });
  });

  it("refuses a taken name (409), bad fields by pointer (422) and an auditor's token (403)", async () => {
    const name = uniqueName("Taken");
    expect((await call(createVolume, { method: "POST", body: { name } })).status).toBe(201);
    const taken = await call(createVolume, { method: "POST", body: { name } });
    expect(taken.status).toBe(409);
    expect(taken.json).toMatchObject({ code: "ALREADY_EXISTS", detail: "Another volume already has this name." });

    const bad = await call(createVolume, {
      method: "POST",
      body: { name: "", shortName: "v 1", deadline: "31/12/2026", linkExpiryDays: 0, reminderDays: [7, -1] },
    });
    expect(bad.status).toBe(422);
    expect(bad.json!.errors).toEqual(
      expect.arrayContaining([
        { pointer: "/name", detail: "Name is required." },
        { pointer: "/shortName", detail: expect.stringContaining("Short name may only contain") },
        { pointer: "/deadline", detail: "Enter the deadline as a date, e.g. 2026-12-31." },
        { pointer: "/linkExpiryDays", detail: "Links must stay valid at least 1 day." },
        { pointer: "/reminderDays/1", detail: "Reminders are days before the deadline, 0 or more." },
      ]),
    );
    const refused = await call(createVolume, { method: "POST", body: { name: uniqueName("Auditor's") }, who: auditor });
    expect(refused.status).toBe(403);
    expect(await db.proceedings.count({ where: { name: { startsWith: "Auditor's" } } })).toBe(0);
  });
});

describe("GET /api/v1/proceedings", () => {
  it("pages through every volume once, newest first, following `next`", async () => {
    for (let i = 0; i < 3; i += 1) await call(createVolume, { method: "POST", body: { name: uniqueName("Paged") } });
    const expected = (await db.proceedings.findMany({ orderBy: [{ createdAt: "desc" }, { id: "desc" }] })).map(
      (volume) => volume.id,
    );
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `?limit=2${cursor ? `&cursor=${cursor}` : ""}`;
      const page = await call(listVolumes, { query, who: auditor });
      expect(page.status).toBe(200);
      const volumes = page.json!.proceedings as { id: string }[];
      expect(volumes.length).toBeLessThanOrEqual(2);
      seen.push(...volumes.map((volume) => volume.id));
      cursor = page.json!.next as string | null;
    } while (cursor);
    expect(seen).toEqual(expected);
    const bad = await call(listVolumes, { query: "?cursor=nonsense" });
    expect(bad.status).toBe(422);
    expect(bad.json!.errors).toEqual([expect.objectContaining({ parameter: "cursor" })]);
  });
});

describe("GET, PATCH and DELETE /api/v1/proceedings/{id}", () => {
  it("reads a volume with its agreement count, and answers 404 for an unknown id", async () => {
    const { agreement } = await issueTestAgreement({ proceedings: uniqueName("Counted") });
    const answer = await call(getVolume, { id: agreement.proceedingsId, who: auditor });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ id: agreement.proceedingsId, agreements: 1 });
    const missing = await call(getVolume, { id: "no-such-volume" });
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({ code: "NOT_FOUND" });
  });

  it("changes only the fields sent", async () => {
    const created = await call(createVolume, {
      method: "POST",
      body: { name: uniqueName("Patched"), publisherName: "ML Research Press", linkExpiryDays: 21 },
    });
    const id = String(created.json!.id);
    const answer = await call(patchVolume, {
      method: "PATCH",
      id,
      body: { deadline: "2027-01-15", reminderDays: [1, 14, 7] },
    });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      name: created.json!.name,
      publisherName: "ML Research Press",
      linkExpiryDays: 21,
      deadline: "2027-01-15T23:59:59.999Z",
      reminderDays: [14, 7, 1],
    });
    const event = await db.auditEvent.findFirstOrThrow({
      where: { type: "proceedings.updated" },
      orderBy: { id: "desc" },
    });
    expect(event.actor).toMatch(/^api:volumes publisher/);
    const unknownField = await call(patchVolume, { method: "PATCH", id, body: { colour: "blue" } });
    expect(unknownField.status).toBe(422);
    expect((await call(patchVolume, { method: "PATCH", id: "no-such-volume", body: {} })).status).toBe(404);
    expect((await call(patchVolume, { method: "PATCH", id, body: { linkExpiryDays: 5 }, who: auditor })).status).toBe(
      403,
    );
    expect((await db.proceedings.findUniqueOrThrow({ where: { id } })).linkExpiryDays).toBe(21);
  });

  it("deletes a volume without agreements, and refuses one with agreements (409)", async () => {
    const empty = await call(createVolume, { method: "POST", body: { name: uniqueName("Mistake") } });
    const id = String(empty.json!.id);
    expect((await call(deleteVolume, { method: "DELETE", id, who: auditor })).status).toBe(403);
    const deleted = await call(deleteVolume, { method: "DELETE", id });
    expect(deleted.status).toBe(204);
    expect(await db.proceedings.findUnique({ where: { id } })).toBeNull();
    const event = await db.auditEvent.findFirstOrThrow({
      where: { type: "proceedings.deleted" },
      orderBy: { id: "desc" },
    });
    expect(event).toMatchObject({ actor: `api:${(await publisher).token.name}`, data: { proceedingsId: id } });
    expect((await call(deleteVolume, { method: "DELETE", id })).status).toBe(404);

    const { agreement } = await issueTestAgreement({ proceedings: uniqueName("Kept") });
    const kept = await call(deleteVolume, { method: "DELETE", id: agreement.proceedingsId });
    expect(kept.status).toBe(409);
    expect(kept.json).toMatchObject({ code: "VOLUME_NOT_EMPTY", detail: expect.stringContaining("has an agreement") });
    expect(await db.proceedings.findUnique({ where: { id: agreement.proceedingsId } })).not.toBeNull();
  });
});

describe("GET /api/v1/templates", () => {
  it("lists the built-in default first, for tokens whose role manages templates", async () => {
    const answer = await callApi(listTemplatesRoute, { path: "/api/v1/templates", secret: (await publisher).secret });
    expect(answer.status).toBe(200);
    const templates = answer.json!.templates as { key: string; builtIn: boolean; newestVersion: number }[];
    expect(templates[0]).toMatchObject({ key: "pmlr-publication-agreement", builtIn: true, newestVersion: 1 });
    const refused = await callApi(listTemplatesRoute, { path: "/api/v1/templates", secret: (await auditor).secret });
    expect(refused.status).toBe(403);
  });
});
