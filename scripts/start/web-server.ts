import { spawn, type ChildProcess, type StdioOptions } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { build, type BuildOptions, type Plugin } from "esbuild";
import { SERVER_NODE_ARGS } from "./server-node-options";

/**
 * Bundles scripts/web-server.ts into one ES module next to the Next build, so the web server runs
 * on plain node: loading a TypeScript loader into the server would cost memory for nothing.
 * Packages stay external (Next, proxy-addr…); they are loaded from node_modules as usual.
 */
export async function bundleWebServer(): Promise<string> {
  const [webServer] = await Promise.all([
    bundleEntry("scripts/web-server.ts", ".next/imprimatur-web-server.mjs", {
      plugins: [serverOnlyIsServer, apiBundledApart, libDeclaresOnly],
    }),
    bundleApi(),
  ]);
  return webServer;
}

/**
 * The REST API (lib/api/serve-api.ts) as a bundle of its own beside the web server's: the front door
 * imports it at the first /api/v1 call (lib/http/edge/api-door.ts), so zod, lib/api and Prisma's
 * client are not loaded at every start. What both bundles hold (the pg pool, Prisma's client) is
 * one per process through globalThis (lib/db/pg-pool.ts, lib/db/client.ts), as it is with Next's.
 */
export async function bundleApi(): Promise<string> {
  return bundleEntry("lib/api/serve-api.ts", `.next/${API_BUNDLE}`, { plugins: [serverOnlyIsServer, libDeclaresOnly] });
}

const API_BUNDLE = "imprimatur-api.mjs";

// The door's dynamic import of the API becomes an import of the API's bundle, found beside this one.
const apiBundledApart: Plugin = {
  name: "api-bundled-apart",
  setup(build) {
    build.onResolve({ filter: /\/api\/serve-api$/ }, (args) =>
      args.kind === "dynamic-import" ? { path: `./${API_BUNDLE}`, external: true } : undefined,
    );
  },
};

/**
 * The sealing thread's entry (lib/agreements/seal-thread-entry.ts) bundled the same way: the web
 * server starts it as a worker thread (SEAL_THREAD_SCRIPT) without a TypeScript loader. Unlike the
 * web server's bundle it takes its packages in, minified: every byte of source a thread loads
 * stays in its heap as long as the thread lives, and tree-shaken, minified pdf-lib, fontkit and
 * forge are under half their files' size. One file also spares the thread Node's loader for
 * packages imported from ESM (its CommonJS export scanner holds 3 MB of WebAssembly memory).
 */
export async function bundleSealThread(): Promise<string> {
  return bundleEntry("lib/agreements/seal-thread-entry.ts", ".next/imprimatur-seal-thread.mjs", {
    packages: "bundle",
    minify: true,
    legalComments: "none",
    // Bundled CommonJS packages require Node's own modules.
    banner: { js: `import { createRequire } from "node:module"; const require = createRequire(import.meta.url);` },
    plugins: [serverOnlyIsServer, woff2Unsupported, sourceInLatin1],
  });
}

async function bundleEntry(entry: string, output: string, options: BuildOptions = {}): Promise<string> {
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
    plugins: [serverOnlyIsServer],
    logLevel: "warning",
    ...options,
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

// fontkit decompresses WOFF2 fonts with brotli, whose 120 KB dictionary ships as 0.8 MB of
// source; the bundled fonts are TrueType and OpenType files, never WOFF2.
const woff2Unsupported: Plugin = {
  name: "woff2-unsupported",
  setup(build) {
    build.onResolve({ filter: /^brotli\/decompress(\.js)?$/ }, () => ({ path: "brotli", namespace: "woff2" }));
    build.onLoad({ filter: /.*/, namespace: "woff2" }, () => ({
      contents: `export default () => { throw new Error("WOFF2 fonts are not supported: use TrueType or OpenType."); };`,
      loader: "js",
    }));
  },
};

// V8 keeps a module's source text in memory, two bytes a character if any character is beyond
// Latin-1 (esbuild's ASCII output leaves regular expressions as written, e.g. the superscript
// digits of footnote marks), which doubled the 1.5 MB the thread's source takes. An escape reads
// the same in every string, regular expression, identifier and comment; only a template's raw text
// (String.raw) would differ, and the bundle has none: a build that has one fails here.
const sourceInLatin1: Plugin = {
  name: "source-in-latin1",
  setup(build) {
    build.onEnd(async (result) => {
      if (result.errors.length > 0 || !build.initialOptions.outfile) return;
      const file = build.initialOptions.outfile;
      const source = await readFile(file, "utf8");
      if (!/[^\u0000-\u00ff]/.test(source)) return;
      if (source.includes("String.raw")) throw new Error(`${file}: String.raw with characters beyond Latin-1.`);
      const escape = (char: string) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`;
      await writeFile(file, source.replace(/[^\u0000-\u00ff]/g, escape));
    });
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

export type ServerBundles = { entry: string; sealThread: string };

/** The web server's bundles (its own, the API's, the sealing thread's), made from the sources now. */
export async function bundleServer(): Promise<ServerBundles> {
  const [entry, sealThread] = await Promise.all([bundleWebServer(), bundleSealThread()]);
  return { entry, sealThread };
}

/** Starts the bundled web server on `port`/`host` with `env`; it serves the build in .next. */
export async function spawnWebServer({
  port,
  host,
  env,
  stdio,
  nodeArgs = [],
  bundles,
}: {
  port: number;
  host: string;
  env: NodeJS.ProcessEnv;
  stdio: StdioOptions;
  /** Flags for node itself that NODE_OPTIONS refuses (e.g. --cpu-prof for a profile run). */
  nodeArgs?: string[];
  /** Bundles made by bundleServer from the same sources (the tests start many servers); else made now. */
  bundles?: ServerBundles;
}): Promise<ChildProcess> {
  const { entry, sealThread } = bundles ?? (await bundleServer());
  return spawn(process.execPath, [...SERVER_NODE_ARGS, ...nodeArgs, entry], {
    env: { ...env, PORT: String(port), HOST: host, SEAL_THREAD_SCRIPT: sealThread },
    stdio,
  });
}
