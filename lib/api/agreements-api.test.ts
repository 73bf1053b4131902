import { describe, expect, it } from "vitest";
import { POST as createAgreement } from "@/app/api/v1/agreements/route";
import { GET as getAgreement } from "@/app/api/v1/agreements/[id]/route";
import { db } from "@/lib/db/client";
import { apiTokenFor, callApi } from "@/test/api-fixtures";

let serial = 0;
const volume = () => `API volume ${process.pid}-${(serial += 1)}`;

const agreementBody = (overrides: Record<string, unknown> = {}) => ({
  volume: "PMLR API",
  title: "Sparse Attention Without Regret",
  authors: ["Ada Lovelace <ada@example.org>", "Émilie du Châtelet"],
  correspondingAuthor: { name: "Ada Lovelace", email: "ada@example.org" },
  ...overrides,
});

describe("POST /api/v1/agreements", () => {
  it("issues an agreement as the token, recorded in the audit log under the token's name", async () => {
    const { secret, token } = await apiTokenFor("publisher");
    const { status, json, response } = await callApi(createAgreement, {
      method: "POST",
      path: "/api/v1/agreements",
      secret,
      body: agreementBody({ volume: volume(), paperId: "17" }),
    });
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
    expect(response.headers.get("location")).toBe(`/api/v1/agreements/${json!.id}`);
    expect(response.headers.get("ratelimit-limit")).toMatch(/^\d+$/);
    const issued = await db.auditEvent.findFirstOrThrow({
      where: { agreementId: String(json!.id), type: "agreement.issued" },
    });
    expect(issued.actor).toBe(`api:${token.name}`);

    const read = await callApi(getAgreement, {
      path: `/api/v1/agreements/${json!.id}`,
      secret,
      params: { id: String(json!.id) },
    });
    expect(read.status).toBe(200);
    expect(read.json).toMatchObject({
      id: json!.id,
      events: expect.arrayContaining([expect.objectContaining({ type: "agreement.issued" })]),
    });
    const readEvent = await db.auditEvent.findFirstOrThrow({
      where: { agreementId: String(json!.id), type: "api.read" },
    });
    expect(readEvent.actor).toBe(`api:${token.name}`);
  });
});
