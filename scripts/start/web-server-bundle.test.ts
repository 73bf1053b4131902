import { readFile } from "node:fs/promises";
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
});
