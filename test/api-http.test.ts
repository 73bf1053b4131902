import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { apiTokenFor } from "./api-fixtures";
import { startAppServer, type AppServer } from "./app-server";

let server: AppServer;

beforeAll(async () => {
  server = await startAppServer();
}, 600_000);

afterAll(async () => {
  await server?.stop();
});

const rows = (count: number) =>
  Array.from({ length: count }, (_, index) => ({
    paperId: `http-${index}`,
    title: `A paper sent over HTTP, number ${index}, with a title long enough to make the batch weigh something`,
    authors: [`Author ${index} <author${index}@example.org>`, "Ana Ñúñez"],
    correspondingAuthor: { name: `Author ${index}`, email: `author${index}@example.org` },
  }));

describe("the REST API through the real server", () => {
  it("creates an agreement, recording the client's address and the token's name", async () => {
    const { secret, token } = await apiTokenFor("publisher");
    const response = await fetch(`${server.baseUrl}/api/v1/agreements`, {
      method: "POST",
      headers: { authorization: `Bearer ${secret}`, "content-type": "application/json", "user-agent": "sync-bot/1.0" },
      body: JSON.stringify({ volume: "HTTP volume", ...rows(1)[0] }),
    });
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    const event = await db.auditEvent.findFirstOrThrow({ where: { agreementId: id, type: "agreement.issued" } });
    expect(event).toMatchObject({ actor: `api:${token.name}`, ip: "127.0.0.1", userAgent: "sync-bot/1.0" });
  });

  it("accepts a batch larger than the front door's default body limit, and refuses one over its own", async () => {
    const { secret } = await apiTokenFor("publisher");
    const body = JSON.stringify({ volume: "HTTP batch volume", rows: rows(400) });
    expect(body.length).toBeGreaterThan(64 * 1024);
    const headers = { authorization: `Bearer ${secret}`, "content-type": "application/json" };
    const response = await fetch(`${server.baseUrl}/api/v1/agreements/batch`, { method: "POST", headers, body });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ issued: 400, skipped: 0 });
    const tooLarge = await fetch(`${server.baseUrl}/api/v1/agreements`, {
      method: "POST",
      headers,
      body: JSON.stringify({ volume: "x".repeat(70 * 1024) }),
    });
    expect(tooLarge.status).toBe(413);
  });

  it("serves the OpenAPI document and a reference page for people without scripts of its own", async () => {
    const document = await fetch(`${server.baseUrl}/api/v1/openapi.json`);
    expect(document.status).toBe(200);
    const { paths } = (await document.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(paths)).toContain("/agreements/{id}");
    const reference = await fetch(`${server.baseUrl}/api/v1/reference`);
    expect(reference.status).toBe(200);
    expect(reference.headers.get("content-security-policy")).toBeTruthy();
    const html = await reference.text();
    expect(html).toContain('<section class="card stack" id="createAgreement">');
    expect(html).toContain('id="schema-CreateAgreementRequest"');
    expect(html).not.toMatch(/<script[^>]+src="https?:/);
    const problems = await (await fetch(`${server.baseUrl}/api/v1/problems`)).text();
    expect(problems).toContain('id="idempotency-key-reused"');
  });
});
