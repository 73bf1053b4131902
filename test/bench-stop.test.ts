import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ensureTestBuild } from "./next-build";
import { alive, descendants, envAsAUserHasIt } from "./start-process";

const root = path.resolve(import.meta.dirname, "..");
let leftovers: number[] = [];
afterAll(() => {
  for (const pid of leftovers.filter(alive)) process.kill(pid, "SIGKILL");
});

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
  } catch {
    return "(gone)";
  }
}

/** The data directory of the embedded PostgreSQL among `pids` (its `-D <dir>/postgres`). */
function databaseDataDir(pids: number[]): string | undefined {
  for (const pid of pids) {
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
      const at = args.indexOf("-D");
      if (at >= 0 && args[at + 1].includes("imprimatur-bench-")) return path.dirname(args[at + 1]);
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

// What a CI job's timeout and `kill` do: one signal to the process they started, not to its group.
describe("a bench stopped from outside", () => {
  it(
    "SIGTERM to npm run bench stops its web server, database and mail sink and removes its data",
    { timeout: 180_000 },
    async () => {
      // The bench's server finds the build made, as the app-server tests do (test/next-build.ts).
      await ensureTestBuild();
      const bench = spawn("npm", ["run", "bench", "--silent", "--", "--only=api"], {
        cwd: root,
        env: { ...envAsAUserHasIt(), NEXT_TELEMETRY_DISABLED: "1", BENCH_API_CREATES: "1000000" },
        stdio: ["ignore", "ignore", "pipe"],
      });
      let output = "";
      bench.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => bench.once("exit", (code) => resolve(code)));
      const deadline = Date.now() + 150_000;
      // Its server is up and creating agreements: everything the bench starts is running.
      while (!output.includes("API create, one at a time")) {
        expect(bench.exitCode, `the bench ended before it ran:\n${output}`).toBeNull();
        expect(Date.now(), `the bench did not get going:\n${output}`).toBeLessThan(deadline);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const tree = descendants(bench.pid!);
      leftovers = [bench.pid!, ...tree];
      const dataDir = databaseDataDir(tree);
      expect(dataDir, `no embedded PostgreSQL among the bench's processes:\n${output}`).toBeDefined();
      expect(existsSync(dataDir!)).toBe(true);
      // The web server, the SMTP sink, PostgreSQL and its backends at least.
      expect(tree.length).toBeGreaterThanOrEqual(5);

      bench.kill("SIGTERM");
      const code = await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 30_000, "running"))]);
      expect(code, output).toBe(128 + 15);
      // A process the bench stopped ends its own children (tsx's esbuild service) as it exits, and
      // those see their pipe close a moment later: a busy machine gets a few seconds for that.
      for (let waited = 0; waited < 5000 && tree.some(alive); waited += 100) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const survivors = tree.filter(alive).map((pid) => `${pid} ${commandLine(pid)}`);
      expect(survivors, `still running after the bench stopped:\n${output}`).toEqual([]);
      expect(existsSync(dataDir!), `${dataDir} is left behind`).toBe(false);
      expect(output).toContain("[bench] SIGTERM: stopping the bench's server, database and mail sink");
    },
  );
});
