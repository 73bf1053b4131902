import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { openThreadGate, withThreadsHeldOff, workThroughGate } from "./thread-code-gate";

function deferred() {
  const handle = { settled: false, resolve: () => {}, promise: Promise.resolve() };
  handle.promise = new Promise<void>((done) => (handle.resolve = () => ((handle.settled = true), done())));
  return handle;
}

describe("the gate between the server's code flush and a sealing thread's work", () => {
  it("flushes only when no thread works, waiting a little for one, and a thread's work waits while it flushes", async () => {
    const { gate, close } = openThreadGate();
    try {
      const seal = deferred();
      const sealing = workThroughGate(gate, () => seal.promise);
      let flushes = 0;
      expect(await withThreadsHeldOff(async () => void flushes++, { waitMs: 50 })).toBe(false);
      // A seal that ends while the server waits: the flush follows it.
      const later = withThreadsHeldOff(async () => void (flushes += seal.settled ? 1 : 100), { waitMs: 2000 });
      setTimeout(() => seal.resolve(), 100);
      expect(await later).toBe(true);
      await sealing;

      const flush = deferred();
      const flushing = withThreadsHeldOff(() => flush.promise);
      let sealed = false;
      const next = workThroughGate(gate, async () => void (sealed = true));
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(sealed).toBe(false);
      flush.resolve();
      expect(await flushing).toBe(true);
      await next;
      expect(sealed).toBe(true);
      expect(await withThreadsHeldOff(async () => void flushes++)).toBe(true);
      expect(flushes).toBe(2);
    } finally {
      close();
    }
  });

  it("lets the server flush again once a thread that ended mid-work is closed", async () => {
    const { gate, close } = openThreadGate();
    void workThroughGate(gate, () => new Promise<void>(() => {}));
    expect(await withThreadsHeldOff(async () => {}, { waitMs: 50 })).toBe(false);
    close();
    expect(await withThreadsHeldOff(async () => {})).toBe(true);
  });

  it("leaves alone the gate of a thread started while the server flushed", async () => {
    const flush = deferred();
    const flushing = withThreadsHeldOff(() => flush.promise);
    const { gate, close } = openThreadGate();
    try {
      const warmUp = deferred();
      const warming = workThroughGate(gate, () => warmUp.promise);
      flush.resolve();
      expect(await flushing).toBe(true);
      warmUp.resolve();
      await warming;
      expect(Atomics.load(gate, 0)).toBe(0);
      let sealed = false;
      const seal = workThroughGate(gate, async () => void (sealed = true));
      await Promise.race([seal, new Promise((resolve) => setTimeout(resolve, 500))]);
      expect(sealed).toBe(true);
    } finally {
      close();
    }
  });

  // A thread with its code compiled goes quiet and collects while the server's thread flushes (V8's
  // flag for it is the process's). The server's heap is made big enough that its collection lasts.
  it("keeps a sealing thread's code when the thread collects while the server flushes", () => {
    const script = `
import { Worker } from "node:worker_threads";
import { openThreadGate } from "./lib/memory/thread-code-gate.ts";
import { shrinkHeap } from "./lib/memory/shrink-heap.ts";
const { gate } = openThreadGate();
const ballast = Array.from({ length: 400_000 }, (_, i) => ({ i, text: "row " + i }));
const worker = new Worker(
  \`(async () => {
    (await import("tsx/esm/api")).register();
    const v8 = await import("node:v8");
    const { parentPort, workerData } = await import("node:worker_threads");
    const { workThroughGate } = await import(process.cwd() + "/lib/memory/thread-code-gate.ts");
    const { shrinkHeap } = await import(process.cwd() + "/lib/memory/shrink-heap.ts");
    const bytecode = () => v8.getHeapCodeStatistics().bytecode_and_metadata_size;
    const seals = Array.from({ length: 2000 }, (_, i) => new Function("n", "let s = " + i + "; for (let j = 0; j < n; j++) s += Math.sqrt(j); return s;"));
    seals.reduce((total, seal) => total + seal(3), 0);
    parentPort.once("message", async () => {
      const before = bytecode();
      await workThroughGate(workerData.gate, () => shrinkHeap());
      parentPort.postMessage({ before, after: bytecode() });
    });
    parentPort.postMessage("ready");
  })();\`,
  { eval: true, workerData: { gate } },
);
worker.once("message", () => {
  worker.once("message", (sizes) => {
    console.log(JSON.stringify({ ...sizes, ballast: ballast.length }));
    void worker.terminate();
  });
  worker.postMessage("go quiet");
  void shrinkHeap({ flushBytecode: true });
});
`;
    const child = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(child.stderr).toBe("");
    const { before, after } = JSON.parse(child.stdout) as { before: number; after: number };
    // The thread's own quiet collection, alone, keeps 45 % of its bytecode (V8 ages out what ran
    // only once); collecting under the server's flag, without the gate, it kept 8 %.
    expect(after).toBeGreaterThan(before / 4);
  });
});
