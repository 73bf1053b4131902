import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { bundleWebServer } from "./web-server";

// The packages the front door's bundle loads from node_modules when the server starts.
function startupImports(bundle: string): string[] {
  return [...bundle.matchAll(/^import .* from "([^"]+)";$/gm)].map((match) => match[1]);
}

describe("the front door's bundle", () => {
  it("does not load zod at start: nothing the front door runs uses it", async () => {
    const bundle = await readFile(await bundleWebServer(), "utf8");
    const imports = startupImports(bundle);
    expect(imports).toContain("pg");
    expect(imports).toContain("lru-cache");
    expect(imports).not.toContain("zod");
  });

  it("keeps the modules whose code runs: the link door, the outage page, the page cache", async () => {
    const bundle = await readFile(await bundleWebServer(), "utf8");
    for (const file of ["lib/agreements/open-signing-link.ts", "lib/http/answer-database-outage.ts"])
      expect(bundle).toContain(`// ${file}\n`);
    expect(bundle).toContain("function openSigningLink(");
    expect(bundle).toContain("function answerWithKeptPage(");
  });

  it("leaves the REST API to a bundle of its own, imported at the first /api/v1 call", async () => {
    const bundle = await readFile(await bundleWebServer(), "utf8");
    expect(bundle).not.toMatch(/^\/\/ lib\/api\//m);
    expect(bundle).toContain('import("./imprimatur-api.mjs")');
    const api = await readFile(path.resolve(".next/imprimatur-api.mjs"), "utf8");
    expect(api).toContain("// lib/api/serve-api.ts\n");
    expect(api).toContain("function answerApiCall(");
  });
});
