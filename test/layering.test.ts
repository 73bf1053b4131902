import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// The job queue's primitive sits below the domains (they queue jobs through it), the worker on top
// (it runs their handlers). An import running the other way is how the old layering cycle began.
const QUEUE = "lib/queue";
const WORKER = "lib/worker";
// Below the domains too: the primitive may use them.
const BELOW_DOMAINS = ["lib/db", QUEUE];

const root = path.resolve(import.meta.dirname, "..");

/** The app's own source files (tests excluded: a test may drive the worker as the app would). */
function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const file = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return ["generated", "node_modules"].includes(entry.name) ? [] : sourceFiles(file);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [file] : [];
  });
}

const appSource = () => ["app", "components", "lib", "scripts"].flatMap(sourceFiles).concat(["instrumentation.ts"]);
const read = (file: string) => readFileSync(path.join(root, file), "utf8");

/** What a file imports (static, dynamic and re-exports) from inside the repository, as repository paths. */
function localImports(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(read(file), true, true);
  return importedFiles.flatMap(({ fileName }) => {
    if (fileName.startsWith("@/")) return [fileName.slice(2)];
    if (fileName.startsWith(".")) return [path.posix.normalize(path.posix.join(path.posix.dirname(file), fileName))];
    return [];
  });
}

const isUnder = (file: string, folder: string) => file === folder || file.startsWith(`${folder}/`);

describe("the job queue's layering", () => {
  it("only the queue primitive adds jobs to graphile-worker's queue", () => {
    const adders = appSource().filter((file) => /graphile_worker\.add_jobs?\b|\baddJobs?\(/.test(read(file)));
    expect(adders.length).toBeGreaterThan(0);
    expect(adders.filter((file) => !isUnder(file, QUEUE))).toEqual([]);
  });

  it("the queue primitive imports no domain", () => {
    const files = sourceFiles(QUEUE);
    expect(files.length).toBeGreaterThan(0);
    const upward = files.flatMap((file) =>
      localImports(file)
        .filter((target) => !BELOW_DOMAINS.some((folder) => isUnder(target, folder)))
        .map((target) => `${file} → ${target}`),
    );
    expect(upward).toEqual([]);
  });

  it("no domain imports the worker: only the start hooks do (the web server's and `npm run worker`'s)", () => {
    expect(sourceFiles(WORKER).length).toBeGreaterThan(0);
    const importers = appSource().filter(
      (file) => !isUnder(file, WORKER) && localImports(file).some((target) => isUnder(target, WORKER)),
    );
    expect(importers.sort()).toEqual(["instrumentation.ts", "scripts/worker.ts"]);
  });
});
