import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { staffAddressContext } from "../../lib/audit/audit-context";
import { createAgreementInTx } from "../../lib/agreements/create-agreement-in-tx";
import { db } from "../../lib/db/client";
import type { BenchEnvironment, BenchInstance } from "./environment";
import type { watchSealed } from "./sealed-watcher";
import { openSigningPage, signThroughForm } from "./sign-through-form";
import { overRepetitions, percentile, median, type Repeated } from "./stats";

type Figures = Record<string, Repeated & { unit: string; target?: string }>;
type Watcher = ReturnType<typeof watchSealed>;

const SIGNERS = Number(process.env.BENCH_SIGNERS ?? 50);
const REPETITIONS = Math.max(3, Number(process.env.BENCH_REPETITIONS ?? 3));
const BENCH_STAFF = staffAddressContext("bench@example.org", { ip: null, userAgent: null });

/**
 * Agreements issued in one transaction, their tokens taken as they are created: the invitations'
 * links are erased once sent, and the running workers would send them before we could read them.
 */
async function issueAgreements(n: number, round: string): Promise<{ id: string; token: string }[]> {
  return db.$transaction(
    async (tx) => {
      const proceedings = await tx.proceedings.upsert({
        where: { name: "PMLR vol. 139, ICML 2021" },
        create: { name: "PMLR vol. 139, ICML 2021" },
        update: {},
      });
      const issued = [];
      for (let i = 0; i < n; i++) {
        const { agreement, link } = await createAgreementInTx(tx, BENCH_STAFF, {
          proceedings,
          articleTitle: `Differentiable Dynamic Quantization with Mixed Precision, round ${round}, paper ${i}`,
          correspondingAuthorName: "Zhang Haoyang",
          correspondingAuthorEmail: `signer${i}.${round}@example.org`,
          authors: ["Zhang Haoyang", "Zhang Zhongang"],
        });
        issued.push({ id: agreement.id, token: link.token });
      }
      return issued;
    },
    { timeout: 60_000 },
  );
}

/** Waits until every email queued so far has left, so one round's mail does not load the next. */
async function outboxDrained(client: pg.Client) {
  for (let i = 0; i < 1200; i++) {
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM "EmailMessage" WHERE status = 'queued'`);
    if (rows[0].n === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

type Round = { signToSealed: number[]; signRequests: number[]; seconds: number };

/**
 * CPU time (ms) the server has used so far: its main thread alone (`thread: true`), which
 * answers every request and runs the jobs' JavaScript, or the whole process with its sealing
 * threads. Unlike wall time this hardly moves when other programs share the machine.
 */
function serverCpuMs(pid: number, { thread }: { thread: boolean }): number {
  const stat = readFileSync(thread ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`, "utf8");
  // Fields after the command's closing parenthesis: state is the first, utime the 12th, stime the 13th.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_S;
}
const CLOCK_TICKS_PER_S = 100;

/**
 * What the database's sessions wait for while signers sign, sampled every 20 ms (--verbose):
 * where the time goes when it is not the app's CPU. A session idle inside a transaction is
 * waiting for the app; one that holds the audit chain's lock meanwhile makes every writer wait.
 */
function sampleWaits(superuserUrl: string) {
  const counts = new Map<string, number>();
  const client = new pg.Client({ connectionString: superuserUrl });
  let running = true;
  const done = (async () => {
    await client.connect();
    while (running) {
      const { rows } = await client.query(
        `SELECT CASE WHEN state = 'active' THEN coalesce(wait_event_type || ':' || wait_event, 'on CPU')
                     WHEN EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = a.pid AND l.granted
                                  AND l.locktype = 'advisory' AND l.objid = 7310001)
                     THEN 'app, holding the chain lock' ELSE 'app (idle in transaction)' END AS wait,
                left(query, 60) AS query
         FROM pg_stat_activity a
         WHERE state IN ('active', 'idle in transaction') AND pid <> pg_backend_pid()
           AND backend_type = 'client backend'`,
      );
      for (const { wait, query } of rows) {
        const key = `${wait}  ${query.replace(/\s+/g, " ")}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await client.end();
  })();
  return async () => {
    running = false;
    await done;
    return [...counts].sort((a, b) => b[1] - a[1]).slice(0, 12);
  };
}

/**
 * `n` authors, each with their page open, press "Sign agreement" at the same moment, spread
 * evenly over the instances; the clock stops for each when its sealed PDF is stored.
 */
async function signAtOnce(watcher: Watcher, instances: string[], n: number, round: string): Promise<Round> {
  const agreements = await issueAgreements(n, round);
  const urls = agreements.map(({ token }, i) => `${instances[i % instances.length]}/sign/${token}`);
  const pages = await Promise.all(urls.map(openSigningPage));
  const first = performance.now();
  const signRequests: number[] = [];
  const signToSealed = await Promise.all(
    agreements.map(async ({ id }, i) => {
      const sealed = watcher.sealedAt(id);
      const start = performance.now();
      await signThroughForm(urls[i], "Zhang Haoyang", pages[i]);
      signRequests.push(performance.now() - start);
      return (await sealed) - start;
    }),
  );
  return { signToSealed, signRequests, seconds: (performance.now() - first) / 1000 };
}

/**
 * 50 simultaneous signers (BENCH_SIGNERS), ×3 (BENCH_REPETITIONS), on one instance and on two
 * (two web servers, each with its worker, on one database). Each figure is the median of the
 * repetitions with their range.
 */
export async function benchSimultaneousSigners(
  environment: BenchEnvironment,
  client: pg.Client,
  watcher: Watcher,
  { log, verbose }: { log: (message: string) => void; verbose: boolean },
): Promise<Figures> {
  const figures: Figures = {};
  const throughput: number[][] = [];
  let second: BenchInstance | undefined;
  try {
    for (const count of [1, 2]) {
      if (count === 2) second = await environment.startInstance();
      const instances = [environment.baseUrl, ...(second ? [second.baseUrl] : [])];
      log(`Sign → sealed, ${SIGNERS} signers at once on ${count} instance(s) ×${REPETITIONS}…`);
      await signAtOnce(watcher, instances, 4 * count, `warm-${count}`);
      await outboxDrained(client);
      const rounds: Round[] = [];
      const cpu: { main: number; process: number }[] = [];
      for (let r = 0; r < REPETITIONS; r++) {
        const waits = verbose ? sampleWaits(environment.superuserUrl) : undefined;
        const pid = environment.serverPid;
        const before = { main: serverCpuMs(pid, { thread: true }), process: serverCpuMs(pid, { thread: false }) };
        const round = await signAtOnce(watcher, instances, SIGNERS, `${count}-${r}`);
        rounds.push(round);
        // Per signature of the first instance (it got half of them when there are two).
        const signed = SIGNERS / count;
        cpu.push({
          main: (serverCpuMs(pid, { thread: true }) - before.main) / signed,
          process: (serverCpuMs(pid, { thread: false }) - before.process) / signed,
        });
        if (waits) {
          const requests = `sign requests median ${median(round.signRequests).toFixed(0)} ms, last ${Math.max(...round.signRequests).toFixed(0)} ms`;
          log(`  round ${r + 1}: ${requests}; sealed median ${median(round.signToSealed).toFixed(0)} ms`);
          for (const [wait, n] of await waits()) log(`    ${String(n).padStart(5)}  ${wait}`);
        }
        await outboxDrained(client);
      }
      const suffix = `${SIGNERS}_x${count}`;
      figures[`sign_to_sealed_${suffix}_median`] = {
        ...overRepetitions(rounds.map((round) => median(round.signToSealed) / 1000)),
        unit: "s",
        target: "≤ 2",
      };
      figures[`sign_to_sealed_${suffix}_p95`] = {
        ...overRepetitions(rounds.map((round) => percentile(round.signToSealed, 95) / 1000)),
        unit: "s",
      };
      if (count === 1) {
        // The issue's names for the one-instance figures, in ms; the _x1 names above stay for
        // comparison with earlier runs.
        figures[`sign_to_sealed_${SIGNERS}_median`] = {
          ...overRepetitions(rounds.map((round) => median(round.signToSealed))),
          unit: "ms",
          target: "≤ 2000",
        };
        figures[`sign_to_sealed_${SIGNERS}_p95`] = {
          ...overRepetitions(rounds.map((round) => percentile(round.signToSealed, 95))),
          unit: "ms",
        };
      }
      if (count === 1) {
        // Where the server's CPU goes per signature, from start to sealed (request, seal job, email).
        figures[`server_main_thread_cpu_per_signature_${SIGNERS}`] = {
          ...overRepetitions(cpu.map((one) => one.main)),
          unit: "ms",
        };
        figures[`server_cpu_per_signature_${SIGNERS}`] = {
          ...overRepetitions(cpu.map((one) => one.process)),
          unit: "ms",
        };
      }
      throughput.push(rounds.map((round) => SIGNERS / round.seconds));
      figures[`signatures_per_s_${suffix}`] = { ...overRepetitions(throughput[count - 1]), unit: "sig/s" };
    }
  } finally {
    await second?.stop();
  }
  // Both instances share this machine's cores and one database: on a small machine the ratio
  // measures contention between them, not how far Imprimatur scales out.
  const [one, two] = throughput;
  figures.signatures_per_s_ratio_x2_x1 = { ...overRepetitions(two.map((rate, r) => rate / one[r])), unit: "×" };
  return figures;
}
