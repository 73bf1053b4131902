import { readdirSync } from "node:fs";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { GET as openApiJson } from "@/app/api/v1/openapi.json/route";
import { API_ROUTES } from "./api-routes";
import { SERVED_API_ROUTES } from "./served-api-routes";
import { apiDispatcher, serveApi } from "./serve-api";

const root = path.resolve(import.meta.dirname, "../..");
const apiRoot = path.join(root, "app/api/v1");
const never = () => Promise.reject(new Error("a refused call's body is not read"));

type Document = {
  openapi: string;
  paths: Record<string, Record<string, unknown>>;
  components: { securitySchemes: Record<string, { scheme?: string }> };
  security: unknown[];
};

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

async function loadDocument(): Promise<Document> {
  const response = openApiJson();
  expect(response.status).toBe(200);
  return (await response.json()) as Document;
}

/** Every schema in the document that carries an example, with the JSON pointer of the schema. */
function examplesIn(node: unknown, pointer = ""): { pointer: string; example: unknown }[] {
  if (!node || typeof node !== "object") return [];
  const found: { pointer: string; example: unknown }[] = [];
  const record = node as Record<string, unknown>;
  // A media type's or parameter's example sits beside its schema; a schema's own example inside it.
  if ("example" in record && ("type" in record || "$ref" in record || "properties" in record || "anyOf" in record))
    found.push({ pointer, example: record.example });
  if ("example" in record && "schema" in record) found.push({ pointer: `${pointer}/schema`, example: record.example });
  for (const [key, value] of Object.entries(record)) {
    if (key === "example") continue;
    found.push(...examplesIn(value, `${pointer}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`));
  }
  return found;
}

function exampleValidator(document: Document) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ ...document, $id: "https://imprimatur.invalid/openapi.json" });
  return (pointer: string, example: unknown) => {
    const validate = ajv.compile({ $ref: `https://imprimatur.invalid/openapi.json#${pointer}` });
    return validate(example) ? null : ajv.errorsText(validate.errors);
  };
}

describe("the OpenAPI document at /api/v1/openapi.json", () => {
  it("is OpenAPI 3.1 with bearer authentication", async () => {
    const document = await loadDocument();
    expect(document.openapi).toBe("3.1.0");
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: "http", scheme: "bearer" });
    expect(document.security).toEqual([{ bearer: [] }]);
  });

  it("documents exactly API_ROUTES, and the front door's dispatch serves each of them and nothing else", async () => {
    const document = await loadDocument();
    const documented = Object.entries(document.paths).flatMap(([documentedPath, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${documentedPath}`),
    );
    const listed = API_ROUTES.map((route) => `${route.method} ${route.path}`);
    expect(documented.sort()).toEqual([...listed].sort());
    // Served but not listed: a handler whose route is missing from API_ROUTES (and so from the document).
    expect(SERVED_API_ROUTES.filter((served) => !API_ROUTES.includes(served.definition))).toEqual([]);
    // Listed but not served: the dispatch, with each handler replaced by one naming its operation.
    const naming = SERVED_API_ROUTES.map((served) => ({
      definition: served.definition,
      serve: async () => ({ status: 200, headers: { operation: served.definition.operationId }, body: null }),
    }));
    const dispatch = apiDispatcher(naming);
    const reached: Record<string, string | undefined> = {};
    for (const route of API_ROUTES) {
      const url = `/api/v1${route.path.replace(/\{[^}]+\}/g, "0b9d6b3e-3c0e-4d52-9a0e-3f4b2a1c9d10")}`;
      const answer = await dispatch({ method: route.method, url, headers: {}, readBody: async () => new Uint8Array() });
      reached[route.operationId] = answer.headers.operation;
    }
    expect(reached).toEqual(Object.fromEntries(API_ROUTES.map((route) => [route.operationId, route.operationId])));
    // No second way to serve an API route: Next keeps only the document's own address.
    const routeFilesLeft = routeFiles(apiRoot).map((file) => path.relative(apiRoot, file));
    expect(routeFilesLeft).toEqual(["openapi.json/route.ts"]);
  });

  it("the dispatch prefers a fixed segment to a parameter and answers other methods with 405 and Allow", async () => {
    const wrong = await serveApi({ method: "GET", url: "/api/v1/agreements/batch", headers: {}, readBody: never });
    expect(wrong.status).toBe(405);
    expect(wrong.headers).toMatchObject({ Allow: "POST", "Content-Type": "application/problem+json" });
    expect(JSON.parse(wrong.body as string)).toMatchObject({ code: "METHOD_NOT_ALLOWED", status: 405 });
    const unknown = await serveApi({ method: "GET", url: "/api/v1/agreement?x=1", headers: {}, readBody: never });
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body as string)).toMatchObject({ code: "NOT_FOUND", status: 404 });
  });

  it("every example in it validates against the schema it illustrates", async () => {
    const document = await loadDocument();
    const examples = examplesIn(document);
    expect(examples.length).toBeGreaterThanOrEqual(8);
    const check = exampleValidator(document);
    const failures = examples
      .map(({ pointer, example }) => ({ pointer, problem: check(pointer, example) }))
      .filter(({ problem }) => problem !== null);
    expect(failures).toEqual([]);
  });

  it("the example check catches an example that does not fit its schema", async () => {
    const document = await loadDocument();
    const check = exampleValidator(document);
    const pointer = "/components/schemas/Agreement";
    expect(check(pointer, { id: "x", status: "misplaced" })).toMatch(/must/);
  });

  it("request examples also pass the route's own zod schema (the checks the API applies)", async () => {
    for (const route of API_ROUTES) {
      if (!route.body) continue;
      const example = (route.body.meta() as { example?: unknown } | undefined)?.example;
      expect(example, route.operationId).toBeDefined();
      const parsed = await route.body.safeParseAsync(example);
      expect(parsed.success ? null : parsed.error.issues, route.operationId).toBeNull();
    }
  });
});
