import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import type { Figures } from "./figures";

/**
 * The `tsa` group as part of a full run: sign → sealed with a local RFC 3161 authority. It runs as
 * a bench of its own (`--only=tsa`), with its own server, after this one has stopped: a server with
 * TSA_URL set would timestamp every other group's seals too and change their figures.
 */
export async function benchSealingWithTimestampAuthority(env: NodeJS.ProcessEnv): Promise<Figures> {
  const tsx = path.join(process.cwd(), "node_modules", ".bin", "tsx");
  const { stdout } = await promisify(execFile)(
    tsx,
    ["--conditions=react-server", "scripts/bench.ts", "--only=tsa", "--json"],
    { env, maxBuffer: 16 * 1024 * 1024 },
  );
  const printed = JSON.parse(stdout.trim().split("\n").at(-1)!) as Record<string, { value: number; unit: string }>;
  return Object.fromEntries(Object.entries(printed).filter(([name]) => !name.endsWith("_spread")));
}
