import { createHash, randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import pg from "pg";
import type { Prisma } from "../../lib/db/generated/client";
import { getDb } from "../../lib/db/client";
import { pgPool } from "../../lib/db/pg-pool";
import { parseAgreementQuery } from "../../lib/agreements/search/agreement-query";
import { refreshListStatistics } from "../../lib/agreements/search/refresh-list-statistics";
import { searchAgreements } from "../../lib/agreements/search/search-agreements";
import type { BenchEnvironment } from "./environment";
import { seedAgreements } from "./seed-agreements";
import { median, overRepetitions, percentile } from "./stats";
import type { Figures } from "./figures";
type Log = (message: string) => void;

const REQUESTS = Number(process.env.BENCH_LIST_REQUESTS ?? 40);
const REPETITIONS = Math.max(3, Number(process.env.BENCH_REPETITIONS ?? 3));

/**
 * The filters staff use most, as they travel in the list page's URL. The text search is timed
 * first, on the freshly seeded database, before autovacuum has been through it: its plan must not
 * depend on that.
 */
const FILTERS: Record<string, string> = {
  text_search: "q=okafor",
  none: "",
  status_signed: "status=signed",
  volume: "volume=benchvol-3",
  flag_name_mismatch: "flag=name_mismatch",
  title_page_50: "sort=title&dir=asc&page=50",
};
const TIMED_COLD = new Set(["text_search"]);

/**
 * Waits until PostgreSQL has finished its own work after the seed, as it has within a minute or two
 * of a bulk import (thresholds in migration "list_counts_and_statistics"): autovacuum has been
 * through the seeded agreements (it marks the pages all-visible, which lets the list count from an
 * index alone) and no autovacuum worker is still busy with any of the other seeded tables (the
 * audit log, signers, links, emails). Timing the filters while those run would time the
 * maintenance of 100,000 fresh rows sharing two cores with the list, not the list on a database in
 * use; the text search is timed before, on purpose, and so still meets a database at its coldest.
 */
async function untilDatabaseSettled(client: pg.Client, log: Log) {
  const start = performance.now();
  let quietChecks = 0;
  let visible = false;
  let checks = 0;
  // Three quiet checks in a row (1.5 s): a worker hands over to the next table within that time.
  for (; checks < 600 && quietChecks < 3; checks++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const { rows } = await client.query(
      `SELECT (SELECT relallvisible >= 0.9 * relpages FROM pg_class WHERE oid = '"Agreement"'::regclass) AS visible,
              (SELECT count(*)::int FROM pg_stat_activity WHERE backend_type = 'autovacuum worker') AS vacuuming`,
    );
    visible = rows[0].visible;
    quietChecks = visible && rows[0].vacuuming === 0 ? quietChecks + 1 : 0;
  }
  const seconds = ((performance.now() - start) / 1000).toFixed(1);
  log(
    quietChecks >= 3
      ? `Autovacuum had been through the agreements and was idle ${seconds} s later.`
      : `Autovacuum had not ${visible ? "gone idle" : "caught up with the agreements"} after ${seconds} s.`,
  );
}

// A database session for an admin, as next-auth would have created it at sign-in (the table keeps
// the cookie's sha256); the cookie name is the one next-auth uses over plain http (NEXTAUTH_URL is http in the bench).
async function adminCookie(client: pg.Client): Promise<string> {
  const token = randomBytes(32).toString("hex");
  await client.query(
    `INSERT INTO "User" (id, email, name, role) VALUES ('bench-admin', 'bench-admin@example.org', 'Bench Admin', 'admin') ON CONFLICT (id) DO NOTHING`,
  );
  await client.query(
    `INSERT INTO "Session" (id, "sessionToken", "userId", expires) VALUES ($1, $2, 'bench-admin', now() + interval '1 day')`,
    [`bench-session-${token.slice(0, 8)}`, createHash("sha256").update(token).digest("hex")],
  );
  return `next-auth.session-token=${token}`;
}

async function timePage(url: string, cookie: string, n: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    const response = await fetch(url, { headers: { cookie }, redirect: "manual" });
    const body = await response.text();
    times.push(performance.now() - start);
    if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}: ${body.slice(0, 200)}`);
  }
  return times;
}

/**
 * The statements searchAgreements sends for a query, captured by swapping the process's Prisma
 * client for one that records raw queries and by recording what it sends on the plain pg pool (the
 * page's rows, prepared), then EXPLAIN ANALYZEd through plain pg.
 */
async function explain(client: pg.Client, search: string, log: Log) {
  const holder = globalThis as unknown as { imprimaturDb?: ReturnType<typeof getDb> };
  const base = getDb();
  const pool = pgPool();
  const poolQuery = pool.query;
  const send = (config: pg.QueryConfig) =>
    (poolQuery as unknown as (config: pg.QueryConfig) => Promise<pg.QueryResult>).call(pool, config);
  const captured: { text: string; values: unknown[] }[] = [];
  holder.imprimaturDb = base.$extends({
    query: {
      async $queryRaw({ args, query }) {
        captured.push(args as unknown as Prisma.Sql);
        return query(args);
      },
    },
  }) as unknown as ReturnType<typeof getDb>;
  pool.query = ((config: pg.QueryConfig) => {
    captured.push({ text: config.text, values: config.values ?? [] });
    return send(config);
  }) as typeof pool.query;
  try {
    await searchAgreements(parseAgreementQuery(new URLSearchParams(search)));
  } finally {
    holder.imprimaturDb = base;
    pool.query = poolQuery;
  }
  for (const sql of captured) {
    const { rows } = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql.text}`, sql.values);
    log(rows.map((row) => row["QUERY PLAN"]).join("\n"));
  }
}

/**
 * 100,000 agreements (BENCH_AGREEMENTS), then the staff list over HTTP for common filters: per
 * filter ×3 (BENCH_REPETITIONS) rounds of 40 requests (BENCH_LIST_REQUESTS).
 */
export async function benchStaffList(
  environment: BenchEnvironment,
  client: pg.Client,
  { log, verbose }: { log: Log; verbose: boolean },
): Promise<Figures> {
  const count = Number(process.env.BENCH_AGREEMENTS ?? 100_000);
  const start = performance.now();
  const seeded = await seedAgreements(client, count);
  // Old open agreements whose links lapsed are what the expiry sweep (every 15 minutes) would
  // long have marked expired; do that here so the sweep does not catch up mid-measurement.
  await client.query(
    `UPDATE "Agreement" SET status = 'expired' WHERE id LIKE 'bench-%' AND status IN ('sent', 'viewed') AND "issuedAt" < (now() AT TIME ZONE 'UTC') - interval '30 days'`,
  );
  // What the product does after a bulk import; the bench runs no ANALYZE of its own.
  await refreshListStatistics();
  const figures: Figures = {
    seed_agreements: { value: seeded.agreements, unit: "rows" },
    seed_time: { value: (performance.now() - start) / 1000, unit: "s" },
  };
  log(
    `Seeded ${seeded.agreements} agreements and ${seeded.events} audit events in ${figures.seed_time.value.toFixed(1)} s; timing the staff list ×${REQUESTS} per filter, ${REPETITIONS} rounds…`,
  );
  const cookie = await adminCookie(client);
  let waited = false;
  for (const [name, search] of Object.entries(FILTERS)) {
    if (!TIMED_COLD.has(name) && !waited) waited = await untilDatabaseSettled(client, log).then(() => true);
    const url = `${environment.baseUrl}/staff/agreements${search ? `?${search}` : ""}`;
    await timePage(url, cookie, 3);
    // Each figure is the median over the repetitions of that repetition's p50 or p95, with their range.
    const rounds: number[][] = [];
    for (let r = 0; r < REPETITIONS; r++) rounds.push(await timePage(url, cookie, REQUESTS));
    figures[`list_${name}_p50`] = { ...overRepetitions(rounds.map(median)), unit: "ms" };
    figures[`list_${name}_p95`] = {
      ...overRepetitions(rounds.map((times) => percentile(times, 95))),
      unit: "ms",
      target: "≤ 100",
    };
    if (verbose) {
      log(`\n— EXPLAIN ANALYZE, staff list ?${search}`);
      await explain(client, search, log);
    }
  }
  return figures;
}
