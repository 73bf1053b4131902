import "server-only";
import { randomBytes } from "node:crypto";
import { link, readFile, unlink, writeFile } from "node:fs/promises";

/**
 * The file's content, creating it first if it does not exist yet. Several processes may start at
 * once and each create a candidate; a hard link never replaces an existing file, so exactly one
 * candidate becomes the file, complete, and everyone reads that one.
 */
export async function readOrCreateFile(path: string, create: () => Promise<Buffer>): Promise<Buffer> {
  const existing = await readIfExists(path);
  if (existing) return existing;
  const candidate = `${path}.${process.pid}-${randomBytes(6).toString("hex")}.tmp`;
  const content = await create();
  try {
    await writeFile(candidate, content, { mode: 0o600 });
    await link(candidate, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    await unlink(candidate).catch(() => undefined);
  }
  return readFile(path);
}

export async function readIfExists(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}
