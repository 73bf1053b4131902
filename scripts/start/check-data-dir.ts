import { randomBytes } from "node:crypto";
import { mkdir, rm, statfs, writeFile } from "node:fs/promises";
import path from "node:path";

// A fresh embedded cluster takes ~40 MB and PostgreSQL then needs room for its write-ahead log
// (16 MB segments); below this it would fail half-way through, or PANIC later.
const MIN_FREE_BYTES = 64 * 1024 * 1024;

/**
 * Makes sure DATA_DIR exists, can be written and has room, so the start fails at once with the
 * path and the fix rather than half-way through with a bare ENOSPC or EACCES.
 */
export async function checkDataDir(dataDir: string, options: { embeddedDatabase: boolean }): Promise<void> {
  try {
    await mkdir(dataDir, { recursive: true });
    const probe = path.join(dataDir, `.write-test-${process.pid}-${randomBytes(4).toString("hex")}`);
    await writeFile(probe, randomBytes(64 * 1024));
    await rm(probe, { force: true });
  } catch (error) {
    // Named as DATA_DIR itself: the probe file is ours, not something the operator knows of.
    const { code } = error as NodeJS.ErrnoException;
    throw new Error(dataDirProblem(dataDir, Object.assign(new Error(String(error)), { code })), { cause: error });
  }
  if (!options.embeddedDatabase) return;
  const { bavail, bsize } = await statfs(dataDir);
  const free = bavail * bsize;
  if (free < MIN_FREE_BYTES) {
    throw new Error(
      `DATA_DIR (${dataDir}) has only ${Math.floor(free / 1024 / 1024)} MB free; the embedded PostgreSQL needs at ` +
        `least ${MIN_FREE_BYTES / 1024 / 1024} MB there. Free space on that disk, or set DATA_DIR to a directory ` +
        `on a larger one.`,
    );
  }
}

/** A sentence for an error met while writing under DATA_DIR, naming the path and the fix. */
export function dataDirProblem(dataDir: string, error: unknown): string {
  const { code, path: where = dataDir } = error as NodeJS.ErrnoException;
  const target = where === dataDir ? `DATA_DIR (${dataDir})` : `${where} in DATA_DIR (${dataDir})`;
  switch (code) {
    case "ENOSPC":
    case "EDQUOT":
      return (
        `Cannot write to ${target}: the disk is full. ` +
        `Free space there, or set DATA_DIR to a directory on a larger disk.`
      );
    case "EROFS":
      return (
        `Cannot write to ${target}: it is on a read-only file system. ` +
        `Mount it read-write, or set DATA_DIR to a writable directory.`
      );
    case "EACCES":
    case "EPERM":
      return (
        `Cannot write to ${target}: permission denied. Make it writable by the user running npm start ` +
        `(\`chown -R $(id -un) ${dataDir}\`), or set DATA_DIR to a directory you own.`
      );
    case "ENOTDIR":
    case "EEXIST":
      return (
        `Cannot use ${target}: a file is in the way where a directory should be. ` +
        `Move it, or set DATA_DIR elsewhere.`
      );
    default:
      return `Cannot write to ${target}: ${error instanceof Error ? error.message : String(error)}.`;
  }
}
