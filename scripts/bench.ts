// `npm run bench`: measures a throw-away Imprimatur on this machine and prints the figures
// (a table, or with --json one object { figure: { value, unit } }). Benchmarks print; they
// never pass or fail.
import { performance } from "node:perf_hooks";
import pg from "pg";
import { issueAgreementInTx } from "../lib/agreements/issue-agreement";
import { issueAgreementInput } from "../lib/agreements/issue-agreement-input";
import { staffAddressContext } from "../lib/audit/audit-context";
import { db } from "../lib/db/client";
import { emailForDelivery } from "../lib/mail/outbox";
import { startBenchEnvironment } from "./bench/environment";
import { treeRssMb } from "./bench/process-rss";
import { memoryBreakdown } from "./bench/memory-breakdown";
import { openSigningPage, signThroughForm } from "./bench/sign-through-form";
import { benchBulkVolume } from "./bench/bulk-volume";
import { benchStaffList } from "./bench/staff-list";
import { benchApi } from "./bench/api";
import { benchExpiry } from "./bench/expiry";
import { watchSealed } from "./bench/sealed-watcher";
import { benchSimultaneousSigners } from "./bench/simultaneous-signers";
import { figuresJson, figuresTable, type Figures } from "./bench/figures";
import { benchSigningPage } from "./bench/sign-page";
import { benchGroupOnItsOwn } from "./bench/group-on-its-own";
import { benchWebhooks } from "./bench/webhooks";
import { median, overRepetitions, percentile } from "./bench/stats";
import { startTestTimestampAuthority } from "../test/timestamp-authority";
import { requestTimestamp } from "../lib/timestamp/request-timestamp";
import { timestampAuthorityFromEnv } from "../lib/timestamp/timestamp-authority-settings";

// As launched: a full run starts the list and tsa groups as benches of their own, with the
// environment it was given (scripts/bench/group-on-its-own.ts says why).
const launchEnv = { ...process.env };

const BENCH_STAFF = staffAddressContext("bench@example.org", { ip: null, userAgent: null });

const json = process.argv.includes("--json");
// `--only=signers,bulk` runs just those groups: sign (page, single and 20 signers), signers (50 at
// once on one and two instances), bulk, expiry, api (the REST API: create p50/p95, a batch of
// 1,000), list, webhooks (sign → webhook received), tsa (sealing with a local timestamp authority).
const only = process.argv
  .find((arg) => arg.startsWith("--only="))
  ?.slice("--only=".length)
  .split(",");
const runs = (group: string) => !only || only.includes(group);
// `--only=tsa`: sign → sealed with every seal timestamped by a local RFC 3161 authority. Its server
// runs with TSA_URL set, which would timestamp every other group's seals too, so it runs alone.
const tsaGroup = only?.includes("tsa") ?? false;
if (tsaGroup && only!.length > 1) throw new Error("--only=tsa runs alone: its server timestamps every seal.");
const verbose = process.argv.includes("--verbose");
// Progress goes to stderr, stdout keeps the figures; --json alone prints nothing else, unless
// --verbose asks for the diagnostics too (a full run's list group, a bench of its own run with
// --json, passes its EXPLAIN ANALYZE on that way).
const log = (message: string) => (json && !verbose) || console.error(message);

type BenchAgreement = { id: string; url: string };

async function issueForBench(n: number): Promise<BenchAgreement[]> {
  const issued: BenchAgreement[] = [];
  for (let i = 0; i < n; i++) {
    const input = issueAgreementInput.parse({
      proceedings: "PMLR vol. 139, ICML 2021",
      articleTitle: `Differentiable Dynamic Quantization with Mixed Precision and Adaptive resolution ${i}`,
      correspondingAuthorName: "Zhang Haoyang",
      correspondingAuthorEmail: `author${i}@example.org`,
      authors: "Zhang Haoyang\nZhang Zhongang",
    });
    // The invitation is read before the issue commits: once committed, the worker may send it and
    // erase its link before this could read it.
    const { agreement, email } = await db.$transaction(async (tx) => {
      const { agreement } = await issueAgreementInTx(tx, BENCH_STAFF, input);
      const email = await tx.emailMessage.findFirstOrThrow({
        where: { agreementId: agreement.id, kind: "invitation" },
      });
      return { agreement, email };
    });
    issued.push({
      id: agreement.id,
      url: /https?:\/\/\S+\/sign\/[A-Za-z0-9_-]{43}/.exec(emailForDelivery(email).text)![0],
    });
  }
  return issued;
}

const signRequests: number[] = [];
// Each timed figure is the median of this many repetitions, printed with their range.
const REPETITIONS = Math.max(3, Number(process.env.BENCH_REPETITIONS ?? 3));

/** Each author has the page open; the clock starts when they press "Sign agreement". */
async function timeSignToSealed(
  watcher: ReturnType<typeof watchSealed>,
  agreements: BenchAgreement[],
): Promise<number[]> {
  const pages = await Promise.all(agreements.map(({ url }) => openSigningPage(url)));
  return Promise.all(
    agreements.map(async ({ id, url }, i) => {
      const sealed = watcher.sealedAt(id);
      const start = performance.now();
      await signThroughForm(url, "Zhang Haoyang", pages[i]);
      signRequests.push(performance.now() - start);
      return (await sealed) - start;
    }),
  );
}

const tsa = tsaGroup ? await startTestTimestampAuthority() : undefined;
// The webhooks group's receiver listens on loopback, which deliveries may reach only when allowed.
if (runs("webhooks")) process.env.WEBHOOK_ALLOWED_HOSTS = "127.0.0.1";
if (tsa) Object.assign(process.env, tsa.env());
const environment = await startBenchEnvironment();
const figures: Figures = {};
const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
await client.connect();
const watcher = watchSealed(client);
try {
  if (runs("sign")) {
    log("Warming up…");
    const [view, ...warm] = await issueForBench(3);
    const viewUrl = view.url;
    for (let i = 0; i < 20; i++) await fetch(viewUrl).then((r) => r.text());
    for (const agreement of warm) await timeSignToSealed(watcher, [agreement]);
    // Idle: 5 s after the last request, then sampled three times (BENCH_REPETITIONS) a second apart.
    const idle: number[] = [];
    for (let r = 0; r < REPETITIONS; r++) {
      await new Promise((resolve) => setTimeout(resolve, r === 0 ? 5000 : 1000));
      idle.push(treeRssMb(environment.serverPid));
    }
    figures.idle_rss = { ...overRepetitions(idle), unit: "MB", target: "≤ 150" };
    if (verbose) log(`Idle server memory (MB): ${JSON.stringify(memoryBreakdown(environment.serverPid))}`);

    Object.assign(figures, await benchSigningPage(viewUrl, log));

    log(`Sign → sealed PDF stored, one signer at a time ×20, ${REPETITIONS} rounds…`);
    const single: { requests: number[]; sealed: number[] }[] = [];
    for (let r = 0; r < REPETITIONS; r++) {
      signRequests.length = 0;
      const sealed: number[] = [];
      for (const agreement of await issueForBench(20)) sealed.push(...(await timeSignToSealed(watcher, [agreement])));
      single.push({ requests: [...signRequests], sealed });
    }
    figures.sign_request_1_median = { ...overRepetitions(single.map((r) => median(r.requests))), unit: "ms" };
    figures.sign_to_sealed_1_median = {
      ...overRepetitions(single.map((r) => median(r.sealed))),
      unit: "ms",
      target: "≤ 100",
    };
    figures.sign_to_sealed_1_p95 = { ...overRepetitions(single.map((r) => percentile(r.sealed, 95))), unit: "ms" };

    log(`Sign → sealed PDF stored, 20 signers at once, ${REPETITIONS} rounds…`);
    const concurrent: number[][] = [];
    for (let r = 0; r < REPETITIONS; r++) concurrent.push(await timeSignToSealed(watcher, await issueForBench(20)));
    figures.sign_to_sealed_20_median = { ...overRepetitions(concurrent.map(median)), unit: "ms" };
    figures.sign_to_sealed_20_p95 = { ...overRepetitions(concurrent.map((r) => percentile(r, 95))), unit: "ms" };

    const sizes = (await client.query(`SELECT "sizeBytes" FROM "SignedDocument"`)).rows.map((row) =>
      Number(row.sizeBytes),
    );
    figures.sealed_pdf_size = { value: median(sizes) / 1024, unit: "KB", target: "≤ 100" };
    figures.rss_after_run = { value: treeRssMb(environment.serverPid), unit: "MB" };
  }

  if (tsa) {
    log(`Sign → sealed PDF stored with a timestamp from a local TSA, one signer at a time ×20, ${REPETITIONS} rounds…`);
    for (const agreement of await issueForBench(2)) await timeSignToSealed(watcher, [agreement]);
    const rounds: number[][] = [];
    const replyRounds: number[][] = [];
    // The local authority's own answer time (an openssl process per request), part of the above.
    const authority = timestampAuthorityFromEnv()!;
    for (let r = 0; r < REPETITIONS; r++) {
      const requests = tsa.requests;
      const stamped: number[] = [];
      for (const agreement of await issueForBench(20)) stamped.push(...(await timeSignToSealed(watcher, [agreement])));
      if (tsa.requests - requests < stamped.length)
        throw new Error("the seals did not all ask the TSA for a timestamp");
      rounds.push(stamped);
      const replies: number[] = [];
      for (let i = 0; i < 20; i++) {
        const start = performance.now();
        await requestTimestamp(authority, Buffer.from(`bench ${r} ${i}`));
        replies.push(performance.now() - start);
      }
      replyRounds.push(replies);
    }
    figures.sign_to_sealed_tsa_median = { ...overRepetitions(rounds.map(median)), unit: "ms" };
    figures.sign_to_sealed_tsa_p95 = { ...overRepetitions(rounds.map((r) => percentile(r, 95))), unit: "ms" };
    figures.tsa_reply_median = { ...overRepetitions(replyRounds.map(median)), unit: "ms" };
    const sizes = (await client.query(`SELECT "sizeBytes" FROM "SignedDocument"`)).rows.map((row) =>
      Number(row.sizeBytes),
    );
    figures.sealed_pdf_size_tsa = { value: median(sizes) / 1024, unit: "KB", target: "≤ 100" };
  }

  if (runs("signers"))
    Object.assign(figures, await benchSimultaneousSigners(environment, client, watcher, { log, verbose }));

  if (runs("bulk")) {
    log("A 10,000-paper volume: preview, issue, deliver…");
    Object.assign(figures, await benchBulkVolume(environment, client, 10_000, verbose ? log : undefined));
  }

  if (runs("expiry")) {
    log("Expiry sweep over 35,000 stale agreements ×3…");
    Object.assign(figures, await benchExpiry(client, log));
  }

  if (runs("api")) Object.assign(figures, await benchApi(environment, client, log));

  // In a full run the list runs on a database of its own, after this one (see below).
  if (only?.includes("list")) {
    log(`The staff list over ${process.env.BENCH_AGREEMENTS ?? "100000"} agreements…`);
    Object.assign(figures, await benchStaffList(environment, client, { log, verbose }));
  }

  if (runs("webhooks")) Object.assign(figures, await benchWebhooks(issueForBench, { repetitions: REPETITIONS, log }));
} finally {
  await client.end();
  await db.$disconnect();
  await environment.stop();
  await tsa?.stop();
}

if (!only) {
  log(
    `The staff list over ${process.env.BENCH_AGREEMENTS ?? "100000"} agreements (a bench of its own, on a fresh database)…`,
  );
  Object.assign(figures, await benchGroupOnItsOwn("list", launchEnv, { verbose }));
  log("Sign → sealed PDF stored with a timestamp from a local TSA (a bench of its own)…");
  Object.assign(figures, await benchGroupOnItsOwn("tsa", launchEnv, { verbose }));
}

console.log(json ? JSON.stringify(figuresJson(figures)) : `\n${figuresTable(figures)}`);
process.exit(0);
