// What one sealing thread holds: starts the thread `npm start` runs (the bundle), seals a few
// agreements on it and prints its isolate's heap (from inside the thread, after a full GC) and the
// process's resident memory before the thread, with it, and after it ended.
//   node --expose-gc --max-semi-space-size=4 --conditions=react-server --import tsx \
//     scripts/bench/seal-thread-memory.ts ["Ada Lovelace" "王小明" …]
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { MessageChannel, Worker } from "node:worker_threads";
import type { SealThreadReply } from "@/lib/agreements/seal-thread-messages";
import { loadSigningCertificate } from "@/lib/signing/signing-certificate";
import { agreement } from "@/test/render-fixtures";
import { bundleSealThread } from "../start/web-server";

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("Run with node --expose-gc (see the first lines of this file).");
const residentMb = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync("/proc/self/status", "utf8"))![1]) / 1024;
const mb = (bytes: number) => (bytes / 1048576).toFixed(2);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function settle(ms: number) {
  for (let i = 0; i < 3; i++) {
    gc!();
    await pause(ms);
  }
}

// The thread's entry, wrapped: a second port answers with the isolate's heap after a full GC.
const probe = path.join(mkdtempSync(path.join(os.tmpdir(), "seal-thread-memory-")), "probe.mjs");
writeFileSync(
  probe,
  `import v8 from "node:v8";
import { workerData } from "node:worker_threads";
workerData.stats.on("message", () => {
  globalThis.gc();
  workerData.stats.postMessage({ heap: v8.getHeapStatistics(), spaces: v8.getHeapSpaceStatistics() });
});
workerData.stats.unref();
await import(workerData.bundle);
`,
);

const bundle = await bundleSealThread();
const certificate = await loadSigningCertificate({ dataDir: path.dirname(probe), commonName: "Memory" });
const { blocks, ...input } = agreement();
void blocks;
const text = readFileSync("lib/agreements/templates/pmlr-publication-agreement.template.txt", "utf8");
const names = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ["Ada Lovelace", "Émilie du Châtelet"];

await settle(100);
const before = residentMb();
const { port1, port2 } = new MessageChannel();
const started = performance.now();
const worker = new Worker(probe, {
  env: {},
  workerData: { warmUp: false, stats: port2, bundle },
  transferList: [port2],
  resourceLimits: { maxYoungGenerationSizeMb: 12 },
});
const replies: ((reply: SealThreadReply) => void)[] = [];
worker.on("message", (reply: SealThreadReply) => replies.shift()?.(reply));
const next = () => new Promise<SealThreadReply>((resolve) => replies.push(resolve));
await next();
console.log(`bundle ${mb(statSync(bundle).size)} MB; thread ready in ${(performance.now() - started).toFixed(0)} ms`);

async function report(label: string) {
  await pause(500);
  const stats = await new Promise<{ heap: Record<string, number>; spaces: Record<string, number | string>[] }>(
    (resolve) => (port1.once("message", resolve), port1.postMessage("stats")),
  );
  const spaces = stats.spaces.map(
    (space) => `${String(space.space_name).replace("_space", "")} ${mb(Number(space.space_used_size))}`,
  );
  console.log(
    `${label}: process +${(residentMb() - before).toFixed(1)} MB resident; ` +
      `thread heap ${mb(stats.heap.total_heap_size)} MB ` +
      `(used ${mb(stats.heap.used_heap_size)}: ${spaces.join(", ")}), external ${mb(stats.heap.external_memory)} MB`,
  );
}

await report("started");
for (const [id, name] of names.entries()) {
  const task = {
    pdf: { ...input, signatureName: name, correspondingAuthorName: name, authors: [name], text },
    details: { name: "PMLR", reason: "Memory", location: "https://pmlr.example", signingTime: input.signedAt },
  };
  const sealing = performance.now();
  worker.postMessage({ id, task, certificate });
  const reply = await next();
  if ("error" in reply) throw new Error(reply.error.message);
  console.log(`sealed for ${name} in ${(performance.now() - sealing).toFixed(0)} ms`);
}
await report("after the seals");
await worker.terminate();
port1.close();
await settle(200);
console.log(`thread ended: process +${(residentMb() - before).toFixed(1)} MB resident`);
