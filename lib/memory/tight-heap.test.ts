import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { SERVER_NODE_OPTIONS } from "@/scripts/start/server-node-options";
import { heapHeldTight, withTightHeap } from "./tight-heap";

describe("holding the heap tight during bulk work", () => {
  it("keeps the heap of an allocating job near 1.5 times its live size, and gives V8's default back after", async () => {
    // A process of its own with the web server's Node flags, so this test's heap plays no part.
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [...SERVER_NODE_OPTIONS.split(" "), "--import", "tsx", "test/fixtures/heap-churn.ts"],
      { env: { ...process.env, NODE_OPTIONS: "" } },
    );
    const { tight, loose } = JSON.parse(stdout.trim().split("\n").at(-1)!) as { tight: number; loose: number };
    // The live set is ~30 MB: V8's default lets ~4× of it fill before collecting, the tight heap 1.5×.
    expect(tight).toBeLessThan(loose * 0.75);
  }, 60_000);

  it("brings a heap grown under V8's default down to what is alive as bulk work starts", async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [...SERVER_NODE_OPTIONS.split(" "), "--import", "tsx", "test/fixtures/heap-before-bulk.ts"],
      { env: { ...process.env, NODE_OPTIONS: "" } },
    );
    const { before, atStart } = JSON.parse(stdout.trim().split("\n").at(-1)!) as { before: number; atStart: number };
    // ~30 MB alive in a heap the default let grow well past it: the tight limit must apply from here.
    expect(atStart).toBeLessThan(before * 0.75);
  }, 60_000);

  it("stays tight until the last of concurrent holders leaves, also when one fails", async () => {
    expect(heapHeldTight()).toBe(false);
    let release!: () => void;
    const long = withTightHeap(() => new Promise<void>((resolve) => (release = resolve)));
    await expect(withTightHeap(async () => Promise.reject(new Error("a failed chunk")))).rejects.toThrow();
    expect(heapHeldTight()).toBe(true);
    release();
    await long;
    expect(heapHeldTight()).toBe(false);
  });
});
