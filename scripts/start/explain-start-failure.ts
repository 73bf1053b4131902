import path from "node:path";
import { dataDirProblem } from "./check-data-dir";

const DISK_CODES = new Set(["ENOSPC", "EDQUOT", "EROFS", "EACCES", "EPERM", "ENOTDIR"]);

/**
 * What `npm start` prints when it cannot start: one sentence naming what is wrong and the fix,
 * never a stack trace. Our own checks already throw such sentences; this also words the raw
 * errors Node and libraries raise (a file under DATA_DIR, a program that cannot be run, a port).
 */
export function explainStartFailure(error: unknown, dataDir: string): string {
  if (!(error instanceof Error)) return String(error);
  const { code, syscall, path: where, port } = error as NodeJS.ErrnoException & { port?: number };
  if (code && syscall?.startsWith("spawn")) {
    const program = where ?? syscall.slice("spawn ".length);
    return (
      `Could not run ${program} (${code}). If npm start runs as root, PostgreSQL runs as the user "postgres", ` +
      `which must be able to enter every directory above ${path.dirname(program)}: \`chmod o+x\` the one that ` +
      `is closed to others (e.g. a 0700 home directory), or move the checkout.`
    );
  }
  if (code && DISK_CODES.has(code) && where && isInside(where, dataDir)) return dataDirProblem(dataDir, error);
  if (code === "EADDRINUSE") return `A port is already in use${port ? ` (${port})` : ""}: ${error.message}`;
  return error.message;
}

function isInside(file: string, directory: string) {
  const relative = path.relative(directory, path.resolve(file));
  return !relative.startsWith("..") && !path.isAbsolute(relative);
}
