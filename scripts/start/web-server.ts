import { spawn, type ChildProcess, type StdioOptions } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rename } from "node:fs/promises";
import path from "node:path";
import { build } from "esbuild";

/**
 * Bundles scripts/web-server.ts into one ES module next to the Next build, so the web server runs
 * on plain node: loading a TypeScript loader into the server would cost memory for nothing.
 * Packages stay external (Next, proxy-addr…); they are loaded from node_modules as usual.
 */
export async function bundleWebServer(): Promise<string> {
  const outfile = path.resolve(".next/imprimatur-web-server.mjs");
  // Written aside and renamed: two starts in one checkout, even from one process (two instances
  // started at once), never run a half-written file nor rename each other's.
  const temporary = `${outfile}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`;
  await build({
    entryPoints: [path.resolve("scripts/web-server.ts")],
    outfile: temporary,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    logLevel: "warning",
  });
  await rename(temporary, outfile);
  return outfile;
}

/** Starts the bundled web server on `port`/`host` with `env`; it serves the build in .next. */
export async function spawnWebServer({
  port,
  host,
  env,
  stdio,
}: {
  port: number;
  host: string;
  env: NodeJS.ProcessEnv;
  stdio: StdioOptions;
}): Promise<ChildProcess> {
  const entry = await bundleWebServer();
  return spawn(process.execPath, [entry], { env: { ...env, PORT: String(port), HOST: host }, stdio });
}
