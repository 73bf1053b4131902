import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { SERVER_NODE_ARGS, withServerNodeOptions } from "./server-node-options";

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
      "--trace-warnings --max-semi-space-size=4",
    );
  });

  it("starts the server's young generation at its full 4 MB, so an idle shrink cannot leave it small", () => {
    const child = spawnSync(
      process.execPath,
      [
        ...SERVER_NODE_ARGS,
        "-e",
        `const v8 = require("v8");
         console.log(v8.getHeapSpaceStatistics().find((space) => space.space_name === "new_space").space_size)`,
      ],
      { env: withServerNodeOptions(process.env), encoding: "utf8" },
    );
    expect(Number(child.stdout)).toBe(4 * 1024 * 1024);
  });
});
