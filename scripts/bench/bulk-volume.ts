import { performance } from "node:perf_hooks";
import pg from "pg";
import { staffAddressContext } from "../../lib/audit/audit-context";
import { db } from "../../lib/db/client";
import { previewImport, startIssuingImport } from "../../lib/proceedings/bulk-import";
import type { BenchEnvironment } from "./environment";
import { treeRssMb } from "./process-rss";

type Figures = Record<string, { value: number; unit: string; target?: string }>;

function volumeCsv(rows: number): Uint8Array {
  const lines = ["paper_id,title,corresponding_author,corresponding_email,authors"];
  for (let i = 1; i <= rows; i++)
    lines.push(
      `V${i},"Paper ${i}: Learning, Signing and Sealing at Scale",Author ${i},author${i}@bench.example,"Author ${i}; Second Author; Third Author"`,
    );
  return new TextEncoder().encode(`${lines.join("\n")}\n`);
}

async function until(check: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A 10,000-paper volume: preview, issue with all outbox emails, and delivery to local SMTP. */
export async function benchBulkVolume(
  environment: BenchEnvironment,
  client: pg.Client,
  rows = 10_000,
): Promise<Figures> {
  const volume = await db.proceedings.create({ data: { name: "Bench volume", shortName: "bench" } });
  const who = staffAddressContext("bench@example.org", { ip: null, userAgent: null });
  let peakRss = treeRssMb(environment.serverPid);
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, treeRssMb(environment.serverPid))), 100);
  try {
    const file = volumeCsv(rows);
    let start = performance.now();
    const { importId, preview } = await previewImport(who, {
      proceedingsId: volume.id,
      fileName: "volume.csv",
      bytes: file,
    });
    const previewMs = performance.now() - start;
    if (preview.rows.length !== rows) throw new Error(`preview found ${preview.problems.length} problems`);

    const sentBefore = environment.emailsReceived();
    start = performance.now();
    await startIssuingImport(who, { importId });
    await until(
      async () =>
        (await client.query(`SELECT status FROM "BulkImport" WHERE id = $1`, [importId])).rows[0].status === "done",
      600_000,
    );
    const issueMs = performance.now() - start;

    const deliveryStart = performance.now();
    const deliveredAtStart = environment.emailsReceived() - sentBefore;
    await until(async () => environment.emailsReceived() - sentBefore >= rows, 900_000);
    const deliverySeconds = (performance.now() - deliveryStart) / 1000;
    return {
      bulk_preview_10k: { value: previewMs / 1000, unit: "s", target: "≤ 5" },
      bulk_issue_10k: { value: issueMs / 1000, unit: "s", target: "≤ 20" },
      email_delivery_rate: { value: (rows - deliveredAtStart) / deliverySeconds, unit: "emails/s", target: "≥ 100" },
      email_delivery_total: { value: issueMs / 1000 + deliverySeconds, unit: "s" },
      bulk_peak_server_rss: { value: peakRss, unit: "MB", target: "≤ 500" },
    };
  } finally {
    clearInterval(sampler);
  }
}
