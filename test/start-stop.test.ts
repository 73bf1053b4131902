import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  killLeftovers,
  reachableTempDir,
  removeTempDirs,
  runStart,
  stopAndCheck,
  type StartRun,
} from "./start-process";

let run: StartRun | undefined;
afterAll(async () => {
  killLeftovers(run);
  await removeTempDirs();
});

// What systemd, Docker and process managers do: send one signal to the process they started
// (`npm start`: npm, and the start script that `exec` puts in its shell's place), not to its
// process group, and give it ~10 s.

describe("a signal to the npm start process alone stops everything", () => {
  it(
    "SIGTERM to npm stops the web server, the worker, the mail catcher and the database within 10 s",
    { timeout: 120_000 },
    async () => {
      const dataDir = path.join(await reachableTempDir("imprimatur-stop-"), "data");
      run = await runStart({ viaNpm: true, dataDir });
      await run.ready();
      const { code } = await stopAndCheck(run, "SIGTERM");
      expect(code).toBe(0);
      expect(run.output()).not.toMatch(/^\s+at\s/m);
    },
  );
});
