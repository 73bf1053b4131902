import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { stopChild } from "../../test/eventually";
import { SERVER_V8_FLAGS, withServerNodeOptions } from "./server-node-options";
import { spawnWebServer } from "./web-server";

// What the started server process itself sees: glibc reads these only when a process starts.
function environmentOfServerStartedWith(env: NodeJS.ProcessEnv) {
  const child = spawnSync(
    process.execPath,
    ["-e", "console.log(JSON.stringify([process.env.MALLOC_ARENA_MAX, process.env.MALLOC_TRIM_THRESHOLD_]))"],
    { env: withServerNodeOptions(env), encoding: "utf8" },
  );
  return JSON.parse(child.stdout) as [string | undefined, string | undefined];
}

describe("the web server's memory settings", () => {
  it("the server process starts with two malloc arenas and trimming of freed memory", () => {
    const env = { ...process.env };
    delete env.MALLOC_ARENA_MAX;
    delete env.MALLOC_TRIM_THRESHOLD_;
    expect(environmentOfServerStartedWith(env)).toEqual(["2", "131072"]);
  });

  it("an operator's own malloc settings win", () => {
    expect(
      environmentOfServerStartedWith({ ...process.env, MALLOC_ARENA_MAX: "4", MALLOC_TRIM_THRESHOLD_: "0" }),
    ).toEqual(["4", "0"]);
  });

  it("keeps the operator's NODE_OPTIONS and adds the small young generation", () => {
    expect(withServerNodeOptions({ ...process.env, NODE_OPTIONS: "--trace-warnings" }).NODE_OPTIONS).toBe(
      "--trace-warnings --max-semi-space-size=2",
    );
  });

  it("the server's heap stays near what is alive through a burst of work, as during a volume", () => {
    // 200,000 objects stay alive (an idle server's modules) while batches pass through, each alive
    // for a few rounds (a volume's rows, emails and records); the largest heap V8 kept is printed.
    const burst = `
      const v8 = require("node:v8");
      const alive = Array.from({ length: 200000 }, (_, i) => ({ i, text: ("alive " + i).repeat(8) }));
      const recent = [];
      let largest = 0;
      for (let round = 0; round < 400; round++) {
        recent.push(Array.from({ length: 5000 }, (_, i) => ({ round, i, text: ("row " + round + "/" + i).repeat(10) })));
        if (recent.length > 4) recent.shift();
        largest = Math.max(largest, v8.getHeapStatistics().total_heap_size);
      }
      console.log(JSON.stringify({ alive: alive.length, largestMb: largest / 1048576 }));`;
    const child = spawnSync(process.execPath, [...SERVER_V8_FLAGS, "-e", burst], {
      env: withServerNodeOptions({ ...process.env, NODE_OPTIONS: "" }),
      encoding: "utf8",
    });
    const { alive, largestMb } = JSON.parse(child.stdout) as { alive: number; largestMb: number };
    expect(alive).toBe(200_000);
    // About 50 MB stays alive; V8's default growth let the heap reach about 175 MB.
    expect(largestMb).toBeLessThan(120);
  });

  it("the web server and `npm run worker` start with the server's V8 flags", async () => {
    // A bad setting makes the server exit at once: only its command line matters here.
    const server = await spawnWebServer({
      port: 1,
      host: "127.0.0.1",
      env: { ...process.env, TRUSTED_PROXIES: "not an address" },
      stdio: "ignore",
    });
    expect(server.spawnargs.slice(1, 1 + SERVER_V8_FLAGS.length)).toEqual(SERVER_V8_FLAGS);
    await stopChild(server);
    const worker = (JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> }).scripts
      .worker;
    for (const flag of SERVER_V8_FLAGS) expect(worker).toContain(` node ${flag} `);
  });
});
