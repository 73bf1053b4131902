import { readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { apiTokenFor } from "./api-fixtures";
import { headOnly, request, startAppServer, type AppServer } from "./app-server";

let server: AppServer;
// Every ES module the server resolves, in order (./fixtures/record-module-loads.mjs).
const moduleLog = path.join(os.tmpdir(), `imprimatur-api-modules-${process.pid}-${Date.now()}.log`);
const loadedModules = () => readFileSync(moduleLog, "utf8").split("\n");
const API_MODULES = /\/imprimatur-api\.mjs$|\/node_modules\/zod\//;

beforeAll(async () => {
  writeFileSync(moduleLog, "");
  const recorder = pathToFileURL(path.join(import.meta.dirname, "fixtures/record-module-loads.mjs")).href;
  server = await startAppServer({ NODE_OPTIONS: `--import ${recorder}`, MODULE_LOAD_LOG: moduleLog });
}, 600_000);

afterAll(async () => {
  await server?.stop();
  rmSync(moduleLog, { force: true });
});

const rows = (count: number) =>
  Array.from({ length: count }, (_, index) => ({
    paperId: `http-${index}`,
    title: `A paper sent over HTTP, number ${index}, with a title long enough to make the batch weigh something`,
    authors: [`Author ${index} <author${index}@example.org>`, "Ana Ñúñez"],
    correspondingAuthor: { name: `Author ${index}`, email: `author${index}@example.org` },
  }));

const problemOf = async (response: Response) => {
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  return (await response.json()) as { status: number; code: string; detail: string };
};

describe("the REST API through the real server", () => {
  // First in this file: nothing before it called the API.
  it("loads the API's code (its bundle, zod) at the first /api/v1 call, not at start", async () => {
    const atStart = loadedModules();
    expect(atStart.some((url) => url.endsWith("/imprimatur-web-server.mjs"))).toBe(true);
    expect(atStart.filter((url) => API_MODULES.test(url))).toEqual([]);
    const answer = await fetch(`${server.baseUrl}/api/v1/templates`);
    expect(answer.status).toBe(401);
    const afterCall = loadedModules();
    expect(afterCall.some((url) => url.endsWith("/imprimatur-api.mjs"))).toBe(true);
    expect(afterCall.some((url) => /\/node_modules\/zod\//.test(url))).toBe(true);
  });

  it("answers a GET with a path parameter, an unknown path with 404 and another method with 405 and Allow", async () => {
    const { secret } = await apiTokenFor("publisher");
    const headers = { authorization: `Bearer ${secret}`, "content-type": "application/json" };
    const created = await fetch(`${server.baseUrl}/api/v1/agreements`, {
      method: "POST",
      headers,
      body: JSON.stringify({ volume: "HTTP door volume", ...rows(1)[0] }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect(created.headers.get("location")).toBe(`/api/v1/agreements/${id}`);
    expect(created.headers.get("ratelimit-limit")).toBeTruthy();
    expect(created.headers.get("content-security-policy")).toBeTruthy();
    const read = await fetch(`${server.baseUrl}/api/v1/agreements/${id}`, { headers });
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ id, paperId: "http-0" });
    const unknown = await fetch(`${server.baseUrl}/api/v1/agreements/${id}/nothing`, { headers });
    expect(unknown.status).toBe(404);
    expect(await problemOf(unknown)).toMatchObject({ status: 404, code: "NOT_FOUND" });
    const wrongMethod = await fetch(`${server.baseUrl}/api/v1/agreements/${id}`, { method: "PUT", headers });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("GET");
    expect(await problemOf(wrongMethod)).toMatchObject({ status: 405, code: "METHOD_NOT_ALLOWED" });
    // "batch" is its own path, not an agreement's id.
    const batchByGet = await fetch(`${server.baseUrl}/api/v1/agreements/batch`, { headers });
    expect([batchByGet.status, batchByGet.headers.get("allow")]).toEqual([405, "POST"]);
  });

  it("refuses a call without a token (401) and bodies over the route's cap (413), as problem+json", async () => {
    const missing = await fetch(`${server.baseUrl}/api/v1/agreements`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ volume: "v" }),
    });
    expect(missing.status).toBe(401);
    expect(await problemOf(missing)).toMatchObject({ code: "UNAUTHENTICATED" });
    const { secret } = await apiTokenFor("publisher");
    const headers = { authorization: `Bearer ${secret}`, "content-type": "application/json" };
    const declared = await fetch(`${server.baseUrl}/api/v1/agreements`, {
      method: "POST",
      headers,
      body: JSON.stringify({ volume: "x".repeat(70 * 1024) }),
    });
    expect(declared.status).toBe(413);
    expect(await problemOf(declared)).toMatchObject({ code: "PAYLOAD_TOO_LARGE", status: 413 });
    // Sent in chunks, without a length: counted while read.
    const chunked = await request(server.port, {
      method: "POST",
      path: "/api/v1/agreements",
      headers: { ...headers, "transfer-encoding": "chunked" },
      body: Buffer.from(JSON.stringify({ volume: "y".repeat(70 * 1024) })),
    });
    expect(chunked.status).toBe(413);
    expect(JSON.parse(chunked.body)).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
    // A client that asks before sending is told from the head alone.
    const { statusLine } = await headOnly(server.port, [
      "POST /api/v1/agreements HTTP/1.1",
      "Host: 127.0.0.1",
      `Authorization: Bearer ${secret}`,
      "Content-Type: application/json",
      "Content-Length: 1000000",
      "Expect: 100-continue",
    ]);
    expect(statusLine).toBe("HTTP/1.1 413 Payload Too Large");
  });

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
