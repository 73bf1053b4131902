import { spawn, type ChildProcess, type StdioOptions } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rename } from "node:fs/promises";
import path from "node:path";
import { build, type Plugin } from "esbuild";

/**
 * Bundles scripts/web-server.ts into one ES module next to the Next build, so the web server runs
 * on plain node: loading a TypeScript loader into the server would cost memory for nothing.
 * Packages stay external (Next, proxy-addr…); they are loaded from node_modules as usual.
 */
export async function bundleWebServer(): Promise<string> {
  return bundleEntry("scripts/web-server.ts", ".next/imprimatur-web-server.mjs", [libDeclaresOnly]);
}

/**
 * The sealing thread's entry (lib/agreements/seal-thread-entry.ts) bundled the same way: the web
 * server starts it as a worker thread (SEAL_THREAD_SCRIPT) without a TypeScript loader.
 */
export async function bundleSealThread(): Promise<string> {
  return bundleEntry("lib/agreements/seal-thread-entry.ts", ".next/imprimatur-seal-thread.mjs");
}

async function bundleEntry(entry: string, output: string, plugins: Plugin[] = []): Promise<string> {
  const outfile = path.resolve(output);
  // Written aside and renamed: two starts in one checkout, even from one process (two instances
  // started at once), never run a half-written file nor rename each other's.
  const temporary = `${outfile}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`;
  await build({
    entryPoints: [path.resolve(entry)],
    outfile: temporary,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    // The front door opens signing links with lib/ code marked "server-only" (a guard against
    // client bundles; this bundle is the server itself), outside the react-server condition.
    plugins: [serverOnlyIsServer, ...plugins],
    logLevel: "warning",
  });
  await rename(temporary, outfile);
  return outfile;
}

const serverOnlyIsServer: Plugin = {
  name: "server-only-is-server",
  setup(build) {
    build.onResolve({ filter: /^server-only$/ }, () => ({ path: "server-only", namespace: "server-only" }));
    build.onLoad({ filter: /.*/, namespace: "server-only" }, () => ({ contents: "", loader: "js" }));
  },
};

const LIB = `${path.resolve("lib")}${path.sep}`;

/**
 * lib/ modules only declare at their top level; a module the front door imports for nothing is
 * left out with what it imports. Without this the bundle kept lib/text/user-text.ts (reached
 * through lib/agreements/signing-link.ts → lib/config/app-config.ts for a function it never calls)
 * and so loaded zod's 95 modules (1.4 MB of source and their compiled code) at every start.
 */
const libDeclaresOnly: Plugin = {
  name: "lib-declares-only",
  setup(build) {
    build.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData === "lib-declares-only" || args.kind === "entry-point") return undefined;
      const resolved = await build.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: "lib-declares-only",
      });
      if (resolved.errors.length > 0 || !resolved.path.startsWith(LIB)) return resolved;
      return { ...resolved, sideEffects: false };
    });
  },
};

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
  const [entry, sealThread] = await Promise.all([bundleWebServer(), bundleSealThread()]);
  return spawn(process.execPath, [entry], {
    env: { ...env, PORT: String(port), HOST: host, SEAL_THREAD_SCRIPT: sealThread },
    stdio,
  });
}
