import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";

/** Applies prisma/migrations with the Prisma CLI (the wasm engine configured in prisma.config.ts). */
export async function runPrismaMigrations(env: NodeJS.ProcessEnv) {
  try {
    await promisify(execFile)(process.execPath, [path.resolve("node_modules/prisma/build/index.js"), "migrate", "deploy"], { env });
  } catch (error) {
    const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
    throw new Error(`database migrations failed:\n${stdout}${stderr}`.trim());
  }
}
