import { describe, expect, it } from "vitest";
import {
  createAgreementHandler as createAgreement,
  listAgreementsHandler as listAgreements,
} from "@/lib/api/routes/agreement-handlers";
import { db } from "@/lib/db/client";
import { apiTokenFor, callApi } from "@/test/api-fixtures";

const refusalsOf = (tokenName: string) =>
  db.auditEvent.findMany({ where: { type: "api.refused", actor: `api:${tokenName}` }, orderBy: { id: "asc" } });

describe("refused API calls are audit events", () => {
  it("records a 403 and a 422 under the token's name, with what was asked and why it was refused", async () => {
    const auditor = await apiTokenFor("auditor");
    const forbidden = await callApi(createAgreement, {
      method: "POST",
      path: "/api/v1/agreements",
      secret: auditor.secret,
      body: { volume: "Refusals", title: "T", authors: ["A <a@example.org>"] },
    });
    expect(forbidden.status).toBe(403);
    const publisher = await apiTokenFor("publisher");
    const invalid = await callApi(createAgreement, {
      method: "POST",
      path: "/api/v1/agreements",
      secret: publisher.secret,
      body: { volume: "Refusals" },
    });
    expect(invalid.status).toBe(422);

    expect(await refusalsOf(auditor.token.name)).toEqual([
      expect.objectContaining({
        agreementId: null,
        data: { method: "POST", path: "/api/v1/agreements", status: 403, code: "FORBIDDEN" },
      }),
    ]);
    expect(await refusalsOf(publisher.token.name)).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ status: 422, code: "INVALID_INPUT" }) }),
    ]);
  });

  it("records a token past its rate limit once, by the call that takes it over, not once per refused call", async () => {
    const { secret, token } = await apiTokenFor("publisher");
    const before = process.env.API_RATE_LIMIT_PER_MINUTE;
    process.env.API_RATE_LIMIT_PER_MINUTE = "2";
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++)
        statuses.push((await callApi(listAgreements, { path: "/api/v1/agreements?limit=1", secret })).status);
      expect(statuses).toEqual([200, 200, 429, 429, 429, 429]);
      expect(await refusalsOf(token.name)).toEqual([
        expect.objectContaining({ data: expect.objectContaining({ status: 429, code: "RATE_LIMITED" }) }),
      ]);
    } finally {
      if (before === undefined) delete process.env.API_RATE_LIMIT_PER_MINUTE;
      else process.env.API_RATE_LIMIT_PER_MINUTE = before;
    }
  });

  it("records nothing for a call without a valid token: there is no one to attribute it to", async () => {
    const before = await db.auditEvent.count({ where: { type: "api.refused" } });
    const anonymous = await callApi(listAgreements, { path: "/api/v1/agreements", secret: "imp_not-a-token" });
    expect(anonymous.status).toBe(401);
    expect(await db.auditEvent.count({ where: { type: "api.refused" } })).toBe(before);
  });
});
