import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { builtinModules } from "node:module";
import os from "node:os";
import path from "node:path";
import { build } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors/app-error";
import { loadSigningCertificate } from "@/lib/signing/signing-certificate";
import type { SignedAgreementPdfInput } from "@/lib/pdf/signed-agreement-pdf-input";
import { agreement } from "@/test/render-fixtures";
import type { SealDocumentTask } from "./seal-document";
import { bundleSealThread } from "@/scripts/start/web-server";
import { createSealThreads, prepareSealing, sealThreadCount, sealThreadIdleSeconds, sealThreads } from "./seal-threads";

const certificate = loadSigningCertificate({
  dataDir: mkdtempSync(path.join(os.tmpdir(), "seal-threads-")),
  commonName: "PMLR document seal",
});
// The thread gets the signed text as text and parses it itself.
const withoutBlocks = ({ blocks, ...rest }: SignedAgreementPdfInput) => (void blocks, rest);
const input = withoutBlocks(agreement());
const task: SealDocumentTask = {
  pdf: {
    ...input,
    text: readFileSync(
      path.join(process.cwd(), "lib/agreements/templates/pmlr-publication-agreement.template.txt"),
      "utf8",
    ),
  },
  details: {
    name: "PMLR",
    reason: "Publication agreement signed",
    location: "https://pmlr.example",
    signingTime: input.signedAt,
  },
};

const threads = createSealThreads({ size: 1, idleMs: 60_000 });
afterAll(() => threads.stop());

// What this process's own sealing makes of `task`, and the bundle `npm start` writes: each made
// once for the file (a seal is deterministic, the bundle is made from the same sources each time)
// and compared against by several tests, none of which changes them.
let ownSeal: Promise<Uint8Array> | undefined;
const sealedHere = () =>
  (ownSeal ??= certificate.then(
    async (loaded) => (await createSealThreads({ size: 0, idleMs: 0 }).seal(task, loaded)).pdf,
  ));
let bundle: Promise<string> | undefined;
const sealThreadBundle = () => (bundle ??= bundleSealThread());

describe("sealing on a sealing thread", () => {
  it("makes byte for byte the sealed PDF the server's own thread makes", async () => {
    const here = await sealedHere();
    const there = await threads.seal(task, await certificate);
    expect(there.pdf.byteLength).toBeGreaterThan(10_000);
    expect(Buffer.from(there.pdf).equals(Buffer.from(here))).toBe(true);
  });

  it("hands back a seal's error with its code, so a waiting seal still reads TIMESTAMP_UNAVAILABLE", async () => {
    const timestampAuthority = {
      url: "http://127.0.0.1:9/tsa",
      timeoutMs: 2000,
      graceMs: 60_000,
      trustedCertificates: [],
    };
    const refused = await threads.seal({ ...task, timestampAuthority }, await certificate).catch((error) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused.code).toBe("TIMESTAMP_UNAVAILABLE");
  });

  it("seals with the minified bundle `npm start` runs byte for byte as the TypeScript source does", async () => {
    const script = { file: await sealThreadBundle(), typescript: false };
    const bundled = createSealThreads({ size: 1, idleMs: 0, script });
    try {
      const here = await sealedHere();
      const cjk = { ...task, pdf: { ...task.pdf, signatureName: "王小明", authors: ["王小明", "Ada Lovelace"] } };
      const cjkHere = await createSealThreads({ size: 0, idleMs: 0 }).seal(cjk, await certificate);
      expect(Buffer.from((await bundled.seal(task, await certificate)).pdf).equals(Buffer.from(here))).toBe(true);
      expect(Buffer.from((await bundled.seal(cjk, await certificate)).pdf).equals(Buffer.from(cjkHere.pdf))).toBe(true);
    } finally {
      await bundled.stop();
    }
  });

  it("starts a thread at the first seal, ends it once idle, and starts another at the next seal", async () => {
    const lazy = createSealThreads({ size: 1, idleMs: 300 });
    try {
      expect(lazy.running()).toBe(0);
      const first = await lazy.seal(task, await certificate);
      expect(lazy.running()).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(lazy.running()).toBe(0);
      const second = await lazy.seal(task, await certificate);
      expect(Buffer.from(second.pdf).equals(Buffer.from(first.pdf))).toBe(true);
    } finally {
      await lazy.stop();
    }
  });

  it("seals the same bytes after a kept thread has compacted its heap while idle", async () => {
    const kept = createSealThreads({ size: 1, idleMs: 60_000, quietMs: 100 });
    try {
      const first = await kept.seal(task, await certificate);
      // The thread's idle collection runs after 100 ms without a seal; the thread itself stays.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(kept.running()).toBe(1);
      const second = await kept.seal(task, await certificate);
      expect(Buffer.from(second.pdf).equals(Buffer.from(first.pdf))).toBe(true);
    } finally {
      await kept.stop();
    }
  });

  it("prepares sealing at the worker's start without starting a thread, refusing a missing thread script", () => {
    const saved = { ...process.env };
    try {
      Object.assign(process.env, { SEAL_THREADS: "1", SEAL_THREAD_SCRIPT: "/nonexistent/imprimatur-seal-thread.mjs" });
      expect(() => prepareSealing()).toThrow(/sealing thread needs \/nonexistent\/imprimatur-seal-thread\.mjs/);
      delete process.env.SEAL_THREAD_SCRIPT;
      prepareSealing();
      expect(sealThreads().running()).toBe(0);
    } finally {
      process.env = saved;
    }
  });

  it("gives a thread the web server's young generation (two 4 MB semi-spaces) in a process without its heap flags", async () => {
    // Stands in for the thread: churns through objects as a seal does, then reports its young generation.
    const probe = path.join(mkdtempSync(path.join(os.tmpdir(), "seal-thread-young-")), "young.mjs");
    writeFileSync(
      probe,
      `import v8 from "node:v8";\nimport { parentPort } from "node:worker_threads";\n` +
        `parentPort.on("message", ({ id }) => {\n` +
        `  let kept = [];\n` +
        `  for (let i = 0; i < 3e6; i++) { kept.push({ i, s: "x" + i }); if (kept.length > 2e4) kept = []; }\n` +
        `  const young = v8.getHeapSpaceStatistics().find((space) => space.space_name === "new_space");\n` +
        `  parentPort.postMessage({ id, error: { message: String(young.space_size) } });\n` +
        `});\n`,
    );
    const probing = createSealThreads({ size: 1, idleMs: 0, script: { file: probe, typescript: false } });
    try {
      const reply = await probing.seal(task, await certificate).catch((error: Error) => error.message);
      const youngBytes = Number(String(reply).match(/(\d+)$/)?.[1]);
      // Two 4 MB semi-spaces: not V8's two 16 MB, nor the two 2 MB that cost seals ~10 % more CPU.
      expect(youngBytes).toBeGreaterThan(4 * 1024 * 1024);
      expect(youngBytes).toBeLessThanOrEqual(8 * 1024 * 1024);
    } finally {
      await probing.stop();
    }
  });

  it("reads SEAL_THREAD_IDLE_SECONDS: five minutes unless set, refusing what is not seconds", () => {
    expect(sealThreadIdleSeconds({})).toBe(300);
    expect(sealThreadIdleSeconds({ SEAL_THREAD_IDLE_SECONDS: "0" })).toBe(0);
    expect(sealThreadIdleSeconds({ SEAL_THREAD_IDLE_SECONDS: "60" })).toBe(60);
    expect(() => sealThreadIdleSeconds({ SEAL_THREAD_IDLE_SECONDS: "5m" })).toThrow(
      /SEAL_THREAD_IDLE_SECONDS must be a whole number from 0 to 86,400 \(seconds; 0 keeps threads for good\); got "5m"/,
    );
  });

  it("fails only the seals of a thread that dies, and the next seal gets a new thread", async () => {
    const crashing = path.join(mkdtempSync(path.join(os.tmpdir(), "seal-thread-crash-")), "crash.mjs");
    writeFileSync(
      crashing,
      `import { parentPort } from "node:worker_threads";\nparentPort.on("message", () => process.exit(3));\n`,
    );
    const dying = createSealThreads({ size: 1, idleMs: 60_000, script: { file: crashing, typescript: false } });
    await expect(dying.seal(task, await certificate)).rejects.toThrow(/sealing thread stopped \(exit code 3\)/);
    expect(dying.inFlight()).toBe(0);

    const sealing = threads.seal(task, await certificate);
    expect(threads.inFlight()).toBe(1);
    await threads.stop();
    await expect(sealing).rejects.toThrow(/sealing thread stopped/);
    const again = await threads.seal(task, await certificate);
    expect(again.pdf.byteLength).toBeGreaterThan(10_000);
  });

  it("stops the server's start when a sealing thread cannot start, rather than fail every seal later", async () => {
    const broken = path.join(mkdtempSync(path.join(os.tmpdir(), "seal-thread-broken-")), "broken.mjs");
    writeFileSync(broken, `throw new Error("fonts missing");\n`);
    const threads = createSealThreads({ size: 1, idleMs: 0, script: { file: broken, typescript: false } });
    await expect(threads.warm()).rejects.toThrow(/sealing thread failed: fonts missing/);
  });

  it("runs code that reaches no database, no job queue and no mail", async () => {
    const { metafile } = await build({
      entryPoints: [path.resolve("lib/agreements/seal-thread-entry.ts")],
      bundle: true,
      platform: "node",
      format: "esm",
      packages: "external",
      write: false,
      metafile: true,
      logLevel: "silent",
    });
    const modules = Object.keys(metafile.inputs);
    expect(modules).toContain("lib/pdf/render-agreement-pdf.ts");
    expect(modules.filter((file) => /^lib\/(db|queue|mail|audit|worker|config)\//.test(file))).toEqual([]);
    const packages = Object.values(metafile.outputs).flatMap((output) => output.imports.map((one) => one.path));
    expect(packages.filter((name) => /^(pg|@prisma|graphile-worker|nodemailer|next)(\/|$)/.test(name))).toEqual([]);
  });

  it("bundles the thread as one Latin-1 file that imports only Node's own modules, without zod", async () => {
    const source = readFileSync(await sealThreadBundle(), "utf8");
    const imported = [...source.matchAll(/\bfrom\s*"([^"]+)"/g)].map((match) => match[1]);
    expect(imported.length).toBeGreaterThan(0);
    expect(imported.filter((name) => !name.startsWith("node:") && !builtinModules.includes(name))).toEqual([]);
    expect(source).not.toMatch(/[^\u0000-\u00ff]/);
    expect(source).not.toContain("ZodError");
  });

  it("reads SEAL_THREADS, refusing what is not a count", () => {
    expect(sealThreadCount({ SEAL_THREADS: "0" })).toBe(0);
    expect(sealThreadCount({ SEAL_THREADS: "3" })).toBe(3);
    expect(sealThreadCount({})).toBe(Math.min(4, os.availableParallelism() - 1));
    expect(() => sealThreadCount({ SEAL_THREADS: "two" })).toThrow(/SEAL_THREADS must be a whole number/);
  });
});
