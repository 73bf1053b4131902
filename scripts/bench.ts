// `npm run bench`: measures a throw-away Imprimatur on this machine and prints the figures
// (a table, or with --json one object { figure: { value, unit } }). Benchmarks print; they
// never pass or fail.
import { performance } from "node:perf_hooks";
import pg from "pg";
import { issueAgreement } from "../lib/agreements/issue-agreement";
import { issueAgreementInput } from "../lib/agreements/issue-agreement-input";
import { db } from "../lib/db/client";
import { startBenchEnvironment } from "./bench/environment";
import { treeRssMb } from "./bench/process-rss";
import { signThroughForm } from "./bench/sign-through-form";
import { median, percentile } from "./bench/stats";

type Figures = Record<string, { value: number; unit: string; target?: string }>;
const json = process.argv.includes("--json");
const log = (message: string) => json || console.error(message);

async function issueForBench(n: number): Promise<string[]> {
  const urls: string[] = [];
  for (let i = 0; i < n; i++) {
    const input = issueAgreementInput.parse({
      proceedings: "PMLR vol. 139, ICML 2021",
      articleTitle: `Differentiable Dynamic Quantization with Mixed Precision and Adaptive resolution ${i}`,
      correspondingAuthorName: "Zhang Haoyang",
      correspondingAuthorEmail: `author${i}@example.org`,
      authors: "Zhang Haoyang\nZhang Zhongang",
    });
    const agreement = await issueAgreement({ ...input, issuedById: null, actor: "bench" });
    const email = await db.emailMessage.findFirstOrThrow({ where: { agreementId: agreement.id, kind: "invitation" } });
    urls.push(/https?:\/\/\S+\/sign\/[A-Za-z0-9_-]{43}/.exec(email.text)![0]);
  }
  return urls;
}

async function timeSignToSealed(client: pg.Client, url: string): Promise<number> {
  const start = performance.now();
  await signThroughForm(url, "Zhang Haoyang");
  const token = url.slice(url.lastIndexOf("/") + 1);
  for (;;) {
    const { rowCount } = await client.query(
      `SELECT 1 FROM "SignedDocument" d JOIN "SigningLink" l ON l."agreementId" = d."agreementId" WHERE l."tokenHash" = encode(sha256(convert_to($1, 'UTF8')), 'hex')`,
      [token],
    );
    if (rowCount) return performance.now() - start;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

const environment = await startBenchEnvironment();
const figures: Figures = {};
const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
await client.connect();
try {
  log("Warming up…");
  const [viewUrl, ...warmUrls] = await issueForBench(3);
  for (let i = 0; i < 20; i++) await fetch(viewUrl).then((r) => r.text());
  for (const url of warmUrls) await timeSignToSealed(client, url);
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
  for (const url of await issueForBench(20)) single.push(await timeSignToSealed(client, url));
  figures.sign_to_sealed_1_median = { value: median(single), unit: "ms", target: "≤ 100" };
  figures.sign_to_sealed_1_p95 = { value: percentile(single, 95), unit: "ms" };

  log("Sign → sealed PDF stored, 20 signers at once ×2…");
  const concurrent: number[] = [];
  for (let round = 0; round < 2; round++) {
    const urls = await issueForBench(20);
    const clients = await Promise.all(urls.map(async () => {
      const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await c.connect();
      return c;
    }));
    concurrent.push(...(await Promise.all(urls.map((url, i) => timeSignToSealed(clients[i], url)))));
    await Promise.all(clients.map((c) => c.end()));
  }
  figures.sign_to_sealed_20_median = { value: median(concurrent), unit: "ms" };
  figures.sign_to_sealed_20_p95 = { value: percentile(concurrent, 95), unit: "ms" };

  const sizes = (await client.query(`SELECT "sizeBytes" FROM "SignedDocument"`)).rows.map((row) => Number(row.sizeBytes));
  figures.sealed_pdf_size = { value: median(sizes) / 1024, unit: "KB", target: "≤ 100" };
  figures.rss_after_run = { value: treeRssMb(environment.serverPid), unit: "MB" };
} finally {
  await client.end();
  await db.$disconnect();
  await environment.stop();
}

const rounded = Object.fromEntries(Object.entries(figures).map(([name, { value, unit }]) => [name, { value: Math.round(value * 10) / 10, unit }]));
if (json) {
  console.log(JSON.stringify(rounded));
} else {
  console.log("\nfigure                      value      target");
  for (const [name, { value, unit, target }] of Object.entries(figures)) console.log(`${name.padEnd(26)} ${`${value.toFixed(1)} ${unit}`.padStart(10)}   ${target ? `${target} ${unit}` : ""}`);
}
process.exit(0);
