import { spawn } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";

const SOURCES = [
  "app",
  "components",
  "lib",
  "prisma",
  "next.config.js",
  "package.json",
  "instrumentation.ts",
  "messages",
];

async function newestChange(entry: string): Promise<number> {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  const children = await readdir(entry);
  const times = await Promise.all(
    children.filter((name) => name !== "generated").map((name) => newestChange(path.join(entry, name))),
  );
  return Math.max(stat.mtimeMs, ...times);
}

/** Builds the app when there is no build yet or a source file is newer than it. */
export async function ensureNextBuild(env: NodeJS.ProcessEnv, options: { signal?: AbortSignal } = {}) {
  const buildId = path.resolve(".next/BUILD_ID");
  if (existsSync(buildId)) {
    const built = statSync(buildId).mtimeMs;
    const changed = Math.max(...(await Promise.all(SOURCES.map(newestChange))));
    if (changed <= built) return;
  }
  console.log("Building the web app (first start or changed sources)…");
  await new Promise<void>((resolve, reject) => {
    const build = spawn(process.execPath, [path.resolve("node_modules/next/dist/bin/next"), "build"], {
      env: { ...env, NODE_ENV: "production" },
      stdio: "inherit",
      // A stop during the first start's build must not leave `next build` running on its own.
      signal: options.signal,
    });
    build.once("error", (error) => reject(options.signal?.aborted ? new Error("stopped during the build") : error));
    build.once("exit", (code, signal) => {
      if (code === 0) return resolve();
      reject(
        new Error(`Building the web app failed (next build ${signal ?? `exit code ${code}`}); its output is above.`),
      );
    });
  });
}
