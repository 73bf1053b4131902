import { randomBytes } from "node:crypto";
import { link, mkdir, readFile, unlink, writeFile } from "node:fs/promises";
import path from "node:path";

// No "server-only" here: the start script (plain tsx, no react-server condition) calls this.

/**
 * A database password generated once and kept in `file` (mode 0600). Two processes starting at
 * once (the app and `npm run audit:verify`) must agree: a hard link never replaces an existing
 * file, so exactly one candidate wins and both read it.
 */
export async function loadOrCreatePassword(file: string): Promise<string> {
  const existing = await readTrimmed(file);
  if (existing) return existing;
  await mkdir(path.dirname(file), { recursive: true });
  const candidate = `${file}.${process.pid}-${randomBytes(6).toString("hex")}.tmp`;
  try {
    await writeFile(candidate, `${randomBytes(24).toString("base64url")}\n`, { mode: 0o600 });
    await link(candidate, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    await unlink(candidate).catch(() => undefined);
  }
  const created = await readTrimmed(file);
  if (!created) throw new Error(`${file} is empty: remove it and start again.`);
  return created;
}

async function readTrimmed(file: string): Promise<string | undefined> {
  try {
    return (await readFile(file, "utf8")).trim() || undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}
