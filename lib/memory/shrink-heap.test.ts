import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

// A process (or a worker thread in it) that fills its young generation to its largest, then goes
// quiet behind collectWhenIdle and prints its new space's committed size and its bytecode before
// and after, and that it still runs afterwards. Plain JavaScript: tsx loads the modules it imports,
// not this text.
const QUIET_SERVER = `
import { createServer } from "node:http";
import v8 from "node:v8";
import { collectWhenIdle } from "./lib/memory/collect-when-idle";
const newSpace = () => v8.getHeapSpaceStatistics().find((space) => space.space_name === "new_space").physical_space_size;
const bytecode = () => v8.getHeapCodeStatistics().bytecode_and_metadata_size;
// What a request runs: 2,000 functions of its own, compiled at their first call.
const handlers = Array.from({ length: 2000 }, (_, i) => new Function("n", "let s = " + i + "; for (let j = 0; j < n; j++) s += Math.sqrt(j); return s;"));
let survivors = [];
const server = createServer((_request, response) => {
  for (let i = 0; i < 300_000; i++) survivors.push({ i, text: "row " + i });
  survivors = [];
  const sum = handlers.reduce((total, handler) => total + handler(3), 0);
  response.end(JSON.stringify({ newSpace: newSpace(), bytecode: bytecode(), sum }));
});
collectWhenIdle(server, { quietMs: 100 });
server.listen(0, "127.0.0.1", async () => {
  const { port } = server.address();
  const first = await fetch("http://127.0.0.1:" + port).then((r) => r.json());
  setTimeout(async () => {
    const after = newSpace();
    const bytecodeAfter = bytecode();
    const again = await fetch("http://127.0.0.1:" + port).then((r) => r.json());
    console.log(JSON.stringify({ before: first.newSpace, after, bytecodeBefore: first.bytecode, bytecodeAfter, again: again.sum === first.sum }));
    server.close();
  }, 800);
});
`;

const QUIET_THREAD = `
import { Worker } from "node:worker_threads";
// Node 20 does not apply --import to a worker thread: it registers tsx itself (as seal-threads.ts).
const worker = new Worker(
  \`(async () => {
    (await import("tsx/esm/api")).register();
    const v8 = await import("node:v8");
    const { parentPort } = await import("node:worker_threads");
    const { shrinkHeap } = await import(process.cwd() + "/lib/memory/shrink-heap.ts");
    const newSpace = () => v8.getHeapSpaceStatistics().find((space) => space.space_name === "new_space").physical_space_size;
    let survivors = [];
    for (let i = 0; i < 300_000; i++) survivors.push({ i, text: "row " + i });
    survivors = [];
    const before = newSpace();
    await shrinkHeap();
    const after = newSpace();
    await shrinkHeap();
    setTimeout(() => parentPort.postMessage({ before, after }), 10);
  })();\`,
  { eval: true, resourceLimits: { maxYoungGenerationSizeMb: 12 } },
);
worker.once("message", (sizes) => {
  console.log(JSON.stringify(sizes));
  void worker.terminate();
});
`;

function run(script: string, flags: string[] = []) {
  const args = [...flags, "--import", "tsx", "--input-type=module", "-e", script];
  const child = spawnSync(process.execPath, args, { encoding: "utf8", timeout: 30_000 });
  expect(child.stderr).toBe("");
  return JSON.parse(child.stdout) as {
    before: number;
    after: number;
    bytecodeBefore?: number;
    bytecodeAfter?: number;
    again?: boolean;
  };
}

describe("shrinking a quiet thread's heap", () => {
  it("gives back the young generation and the bytecode the last requests grew, and the server answers after", () => {
    const { before, after, bytecodeBefore, bytecodeAfter, again } = run(QUIET_SERVER, ["--max-semi-space-size=4"]);
    // Both 4 MB semi-spaces were committed; a plain full collection keeps them so for good.
    expect(before).toBeGreaterThanOrEqual(6 * 1048576);
    expect(after).toBeLessThanOrEqual(1048576);
    // The request's 2,000 functions (and what the server compiled to start) are dropped; the low-memory
    // collection alone keeps what ran last.
    expect(bytecodeAfter!).toBeLessThan(bytecodeBefore! / 3);
    // …and compiled again, with the same answer, by the next request.
    expect(again).toBe(true);
  });

  it("shrinks a worker thread's heap too, twice in a row, and the thread goes on", () => {
    const { before, after } = run(QUIET_THREAD);
    expect(before).toBeGreaterThanOrEqual(4 * 1048576);
    expect(after).toBeLessThanOrEqual(1048576);
  });
});
