import { spawnSync } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { collectWhenIdle, idleCollector } from "./collect-when-idle";

const QUIET = 150;
let server: Server | undefined;

afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A server answering /slow after 400 ms and anything else at once, counting its idle collections. */
async function countingServer() {
  let collections = 0;
  server = createServer((request, response) => {
    if (request.url === "/slow") setTimeout(() => response.end("slow"), 400);
    else response.end("fast");
  });
  collectWhenIdle(server, { quietMs: QUIET, collect: () => collections++ });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { get: (path: string) => fetch(`${base}${path}`).then((r) => r.text()), collections: () => collections };
}

describe("collecting garbage when the server is idle", () => {
  it("collects once after the last answer and a quiet period, and again only after new requests", async () => {
    const server = await countingServer();
    await sleep(QUIET * 3);
    expect(server.collections()).toBe(0);
    await server.get("/");
    await server.get("/");
    await sleep(QUIET * 4);
    expect(server.collections()).toBe(1);
    await sleep(QUIET * 4);
    expect(server.collections()).toBe(1);
    await server.get("/");
    await sleep(QUIET * 4);
    expect(server.collections()).toBe(2);
  });

  it("never collects while a request is still being answered", async () => {
    const server = await countingServer();
    const slow = server.get("/slow");
    await sleep(50);
    await server.get("/");
    await sleep(QUIET * 2);
    expect(server.collections()).toBe(0);
    await slow;
    await sleep(QUIET * 4);
    expect(server.collections()).toBe(1);
  });
});

describe("collecting when a sealing thread is idle", () => {
  it("waits for the last of overlapping seals, then collects once per quiet period", async () => {
    let collections = 0;
    const idle = idleCollector({ quietMs: QUIET, collect: () => collections++ });
    idle.begin();
    idle.begin();
    idle.end();
    await sleep(QUIET * 3);
    expect(collections).toBe(0);
    idle.end();
    await sleep(QUIET * 3);
    expect(collections).toBe(1);
    idle.begin();
    await sleep(QUIET / 2);
    idle.end();
    idle.begin();
    idle.end();
    await sleep(QUIET * 3);
    expect(collections).toBe(2);
  });
});

// A server process whose heap holds a quarter of what once filled it, scattered over its pages; it
// prints the old space's pages in use before it went quiet and after. Plain JavaScript: tsx loads
// the module it imports, not this text.
const FRAGMENTED_SERVER = `
import { createServer } from "node:http";
import v8 from "node:v8";
import { collectWhenIdle } from "./lib/memory/collect-when-idle";
import { collectGarbage } from "./lib/memory/collect-garbage";
const oldSpace = () => v8.getHeapSpaceStatistics().find((space) => space.space_name === "old_space").physical_space_size;
let kept = Array.from({ length: 400_000 }, (_, i) => ({ i, text: "row " + i }));
const server = createServer((_request, response) => {
  kept = kept.filter((_, i) => i % 4 === 0);
  collectGarbage();
  response.end(String(oldSpace()));
});
collectWhenIdle(server, { quietMs: 100 });
server.listen(0, "127.0.0.1", async () => {
  const { port } = server.address();
  const before = Number(await fetch("http://127.0.0.1:" + port).then((r) => r.text()));
  setTimeout(() => {
    console.log(JSON.stringify({ before, after: oldSpace(), kept: kept.length }));
    server.close();
  }, 600);
});
`;

describe("the idle server's heap", () => {
  it("gives back the pages its garbage left half-empty once the server is quiet", () => {
    const flags = ["--import", "tsx", "--input-type=module"];
    const child = spawnSync(process.execPath, [...flags, "-e", FRAGMENTED_SERVER], { encoding: "utf8" });
    expect(child.stderr).toBe("");
    const { before, after, kept } = JSON.parse(child.stdout) as { before: number; after: number; kept: number };
    expect(kept).toBe(100_000);
    expect(after).toBeLessThan(before / 2);
  });
});

// A server process whose malloc heap holds one in sixteen of the 2 KB buffers that once filled it,
// so that no free run reaches the heap's top, where glibc would give it back on its own; it prints
// its resident memory before it went quiet and after.
const FRAGMENTED_MALLOC_SERVER = `
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { collectWhenIdle } from "./lib/memory/collect-when-idle";
import { collectGarbage } from "./lib/memory/collect-garbage";
const residentMb = () => Number(/VmRSS:\\s+(\\d+)/.exec(readFileSync("/proc/self/status", "utf8"))[1]) / 1024;
let kept = Array.from({ length: 32_768 }, () => Buffer.allocUnsafeSlow(2048).fill(1));
const server = createServer((_request, response) => {
  kept = kept.filter((_, i) => i % 16 === 0);
  collectGarbage();
  response.end(String(residentMb()));
});
collectWhenIdle(server, { quietMs: 100 });
server.listen(0, "127.0.0.1", async () => {
  const { port } = server.address();
  const before = Number(await fetch("http://127.0.0.1:" + port).then((r) => r.text()));
  setTimeout(() => {
    console.log(JSON.stringify({ before, after: residentMb(), kept: kept.length }));
    server.close();
  }, 600);
});
`;

describe("the idle server's malloc heap", () => {
  it.runIf(process.platform === "linux")("gives back the free pages between the buffers it still holds", () => {
    const flags = ["--import", "tsx", "--input-type=module"];
    const child = spawnSync(process.execPath, [...flags, "-e", FRAGMENTED_MALLOC_SERVER], { encoding: "utf8" });
    expect(child.stderr).toBe("");
    const { before, after, kept } = JSON.parse(child.stdout) as { before: number; after: number; kept: number };
    expect(kept).toBe(2048);
    // 64 MB of buffers, 4 MB of them kept: most of the 60 MB freed goes back.
    expect(before - after).toBeGreaterThan(40);
  });
});
