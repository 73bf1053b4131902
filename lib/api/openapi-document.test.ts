import { readdirSync } from "node:fs";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { GET as openApiJson } from "@/app/api/v1/openapi.json/route";
import { API_ROUTES } from "./api-routes";
import { nextRoutePath } from "./define-api-route";

const root = path.resolve(import.meta.dirname, "../..");
const apiRoot = path.join(root, "app/api/v1");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
// The document's own address and the pages for people are not API operations.
const NOT_OPERATIONS = new Set(["/openapi.json"]);

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

  it("names every route file's methods under app/api/v1, and nothing without a route file", async () => {
    const document = await loadDocument();
    const served = new Set<string>();
    for (const file of routeFiles(apiRoot)) {
      const routePath = `/${path.relative(apiRoot, path.dirname(file)).split(path.sep).join("/")}`;
      if (NOT_OPERATIONS.has(routePath)) continue;
      const exported = (await import(file)) as Record<string, unknown>;
      for (const method of METHODS) if (typeof exported[method] === "function") served.add(`${method} ${routePath}`);
    }
    const documented = new Set(
      Object.entries(document.paths).flatMap(([documentedPath, item]) =>
        Object.keys(item).map((method) => `${method.toUpperCase()} ${nextRoutePath(documentedPath)}`),
      ),
    );
    expect(served.size).toBeGreaterThanOrEqual(4);
    expect([...served].filter((route) => !documented.has(route))).toEqual([]);
    expect([...documented].filter((route) => !served.has(route))).toEqual([]);
    expect(documented.size).toBe(API_ROUTES.length);
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
