// `npm run bench`: measures a throw-away Imprimatur on this machine and prints the figures
// (a table, or with --json one object { figure: { value, unit } }). Benchmarks print; they
// never pass or fail.
import { performance } from "node:perf_hooks";
import pg from "pg";
import { issueAgreement } from "../lib/agreements/issue-agreement";
import { issueAgreementInput } from "../lib/agreements/issue-agreement-input";
import { staffAddressContext } from "../lib/audit/audit-context";
import { db } from "../lib/db/client";
import { emailForDelivery } from "../lib/mail/outbox";
import { startBenchEnvironment } from "./bench/environment";
import { treeRssMb } from "./bench/process-rss";
import { openSigningPage, signThroughForm } from "./bench/sign-through-form";
import { benchBulkVolume } from "./bench/bulk-volume";
import { benchStaffList } from "./bench/staff-list";
import { benchExpiry } from "./bench/expiry";
import { watchSealed } from "./bench/sealed-watcher";
import { median, percentile } from "./bench/stats";

const BENCH_STAFF = staffAddressContext("bench@example.org", { ip: null, userAgent: null });

type Figures = Record<string, { value: number; unit: string; target?: string }>;
const json = process.argv.includes("--json");
const verbose = process.argv.includes("--verbose");
const log = (message: string) => json || console.error(message);

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
    const agreement = await issueAgreement(BENCH_STAFF, input);
    const email = await db.emailMessage.findFirstOrThrow({ where: { agreementId: agreement.id, kind: "invitation" } });
    issued.push({
      id: agreement.id,
      url: /https?:\/\/\S+\/sign\/[A-Za-z0-9_-]{43}/.exec(emailForDelivery(email).text)![0],
    });
  }
  return issued;
}

const signRequests: number[] = [];

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

const environment = await startBenchEnvironment();
const figures: Figures = {};
const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
await client.connect();
const watcher = watchSealed(client);
try {
  log("Warming up…");
  const [view, ...warm] = await issueForBench(3);
  const viewUrl = view.url;
  for (let i = 0; i < 20; i++) await fetch(viewUrl).then((r) => r.text());
  for (const agreement of warm) await timeSignToSealed(watcher, [agreement]);
  await new Promise((resolve) => setTimeout(resolve, 5000));
  figures.idle_rss = { value: treeRssMb(environment.serverPid), unit: "MB", target: "≤ 175" };

  log("GET /sign/<token> ×300…");
  const views: number[] = [];
  for (let i = 0; i < 300; i++) {
    const start = performance.now();
    const response = await fetch(viewUrl);
    await response.text();
    views.push(performance.now() - start);
  }
  figures.sign_page_median = { value: median(views), unit: "ms", target: "≤ 10" };
  figures.sign_page_p95 = { value: percentile(views, 95), unit: "ms" };

  log("Sign → sealed PDF stored, one signer at a time ×20…");
  const single: number[] = [];
  for (const agreement of await issueForBench(20)) single.push(...(await timeSignToSealed(watcher, [agreement])));
  figures.sign_request_1_median = { value: median(signRequests.slice(-20)), unit: "ms" };
  figures.sign_to_sealed_1_median = { value: median(single), unit: "ms", target: "≤ 100" };
  figures.sign_to_sealed_1_p95 = { value: percentile(single, 95), unit: "ms" };

  log("Sign → sealed PDF stored, 20 signers at once ×2…");
  const concurrent: number[] = [];
  for (let round = 0; round < 2; round++)
    concurrent.push(...(await timeSignToSealed(watcher, await issueForBench(20))));
  figures.sign_to_sealed_20_median = { value: median(concurrent), unit: "ms" };
  figures.sign_to_sealed_20_p95 = { value: percentile(concurrent, 95), unit: "ms" };

  const sizes = (await client.query(`SELECT "sizeBytes" FROM "SignedDocument"`)).rows.map((row) =>
    Number(row.sizeBytes),
  );
  figures.sealed_pdf_size = { value: median(sizes) / 1024, unit: "KB", target: "≤ 100" };
  figures.rss_after_run = { value: treeRssMb(environment.serverPid), unit: "MB" };

  log("A 10,000-paper volume: preview, issue, deliver…");
  Object.assign(figures, await benchBulkVolume(environment, client));

  log("Expiry sweep over 35,000 stale agreements ×3…");
  Object.assign(figures, await benchExpiry(client, log));

  log(`The staff list over ${process.env.BENCH_AGREEMENTS ?? "100000"} agreements…`);
  Object.assign(figures, await benchStaffList(environment, client, { log, verbose }));
} finally {
  await client.end();
  await db.$disconnect();
  await environment.stop();
}

const rounded = Object.fromEntries(
  Object.entries(figures).map(([name, { value, unit }]) => [name, { value: Math.round(value * 10) / 10, unit }]),
);
if (json) {
  console.log(JSON.stringify(rounded));
} else {
  console.log("\nfigure                      value      target");
  for (const [name, { value, unit, target }] of Object.entries(figures))
    console.log(
      `${name.padEnd(26)} ${`${value.toFixed(1)} ${unit}`.padStart(10)}   ${target ? `${target} ${unit}` : ""}`,
    );
}
process.exit(0);
