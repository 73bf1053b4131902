import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { STOP_SIGNALS } from "./stop-child";
import type { Figures } from "./figures";

/**
 * One group of a full run as a bench of its own (`--only=<group>`): its own server and its own
 * fresh database, started after this run's has stopped. Two groups need that:
 * - `tsa`: a server with TSA_URL set would timestamp every other group's seals too and change
 *   their figures;
 * - `list`: its targets are for a list of 100,000 agreements on a freshly seeded database, and the
 *   groups before it leave ~120,000 more behind (three expiry rounds of 35,000, a 10,000-paper
 *   volume, the API's), which the list would count and search as well.
 * Its own `--verbose` output (EXPLAIN ANALYZE) goes to this run's stderr. A stop from outside is
 * passed on to it, so that it stops its server and database (a second one, from Ctrl-C reaching it
 * too, changes nothing) and this run ends with it.
 */
export async function benchGroupOnItsOwn(
  group: "tsa" | "list",
  env: NodeJS.ProcessEnv,
  { verbose }: { verbose: boolean },
): Promise<Figures> {
  // As `npm run bench` runs it: node with tsx's loader, not tsx's CLI (which kills a script that
  // does not answer its relayed signal within 30 ms).
  const args = ["--conditions=react-server", "--import", "tsx", "scripts/bench.ts", `--only=${group}`, "--json"];
  const child = promisify(execFile)(process.execPath, verbose ? [...args, "--verbose"] : args, {
    env,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (verbose) child.child.stderr?.pipe(process.stderr);
  const passOn = (signal: NodeJS.Signals) => child.child.kill(signal);
  for (const signal of STOP_SIGNALS) process.on(signal, passOn);
  const { stdout } = await child.finally(() => {
    for (const signal of STOP_SIGNALS) process.off(signal, passOn);
  });
  const printed = JSON.parse(stdout.trim().split("\n").at(-1)!) as Record<
    string,
    { value: number; unit: string; target?: string; spread?: [number, number] }
  >;
  return Object.fromEntries(Object.entries(printed).filter(([name]) => !name.endsWith("_spread")));
}
