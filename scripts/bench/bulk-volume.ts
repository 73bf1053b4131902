import { performance } from "node:perf_hooks";
import pg from "pg";
import { staffAddressContext } from "../../lib/audit/audit-context";
import { db } from "../../lib/db/client";
import { previewImport, startIssuingImport } from "../../lib/proceedings/bulk-import";
import type { BenchEnvironment } from "./environment";
import { memoryBreakdown, type MemoryBreakdown } from "./memory-breakdown";
import { treeRssMb } from "./process-rss";
import { overRepetitions } from "./stats";

type Figures = Record<string, { value: number; unit: string; target?: string; spread?: [number, number] }>;

function volumeCsv(rows: number, repetition: number): Uint8Array {
  const lines = ["paper_id,title,corresponding_author,corresponding_email,authors"];
  for (let i = 1; i <= rows; i++)
    lines.push(
      `V${i},"Paper ${i}: Learning, Signing and Sealing at Scale",Author ${i},author${i}.${repetition}@bench.example,"Author ${i}; Second Author; Third Author"`,
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

type Run = {
  previewS: number;
  issueS: number;
  rate: number;
  totalS: number;
  peakMb: number;
  phasePeaks: PhasePeaks;
  phaseBreakdowns: Partial<Record<keyof PhasePeaks, string>>;
};
// The server's peak resident memory in each phase: the preview (in the bench's process, so the
// server only idles), issuing (the import job, with the first deliveries beside it) and delivering
// what is left after it.
type PhasePeaks = Record<"preview" | "issue" | "delivery", number>;

/**
 * A 10,000-paper volume: preview, issue with all outbox emails, and delivery to local SMTP;
 * `BENCH_BULK_REPETITIONS` volumes (default 3), one after another, each figure their median with
 * the range, and its `_spread` (max − min).
 */
export async function benchBulkVolume(
  environment: BenchEnvironment,
  client: pg.Client,
  rows = 10_000,
  log?: (message: string) => void,
): Promise<Figures> {
  const runs: Run[] = [];
  for (let i = 0; i < Number(process.env.BENCH_BULK_REPETITIONS ?? 3); i++) {
    const run = await bulkVolumeOnce(environment, client, rows, i + 1);
    runs.push(run);
    for (const [phase, breakdown] of Object.entries(run.phaseBreakdowns))
      log?.(`Volume ${i + 1}, ${phase} peak ${run.phasePeaks[phase as keyof PhasePeaks].toFixed(0)} MB: ${breakdown}`);
  }
  const figures: Figures = {};
  const add = (name: string, unit: string, target: string | undefined, values: number[]) => {
    const { value, spread } = overRepetitions(values);
    figures[name] = { value, unit, ...(target ? { target } : {}), spread };
    figures[`${name}_spread`] = { value: spread[1] - spread[0], unit };
  };
  add(
    "bulk_preview_10k",
    "s",
    "≤ 5",
    runs.map((run) => run.previewS),
  );
  add(
    "bulk_issue_10k",
    "s",
    "≤ 20",
    runs.map((run) => run.issueS),
  );
  add(
    "email_delivery_rate",
    "emails/s",
    "≥ 200",
    runs.map((run) => run.rate),
  );
  add(
    "email_delivery_total",
    "s",
    undefined,
    runs.map((run) => run.totalS),
  );
  add(
    "bulk_peak_server_rss",
    "MB",
    "≤ 400",
    runs.map((run) => run.peakMb),
  );
  for (const phase of ["preview", "issue", "delivery"] as const)
    add(
      `bulk_peak_server_rss_${phase}`,
      "MB",
      undefined,
      runs.map((run) => run.phasePeaks[phase]),
    );
  return figures;
}

async function bulkVolumeOnce(
  environment: BenchEnvironment,
  client: pg.Client,
  rows: number,
  repetition: number,
): Promise<Run> {
  const volume = await db.proceedings.create({
    data: { name: `Bench volume ${repetition}`, shortName: `bench-${repetition}` },
  });
  const who = staffAddressContext("bench@example.org", { ip: null, userAgent: null });
  const phasePeaks: PhasePeaks = { preview: 0, issue: 0, delivery: 0 };
  let phase: keyof PhasePeaks = "preview";
  // Where each phase's peak lies (smaps of the server at that moment), read only when it grows by a few MB.
  const phaseBreakdowns: Partial<Record<keyof PhasePeaks, string>> = {};
  const sample = () => {
    const rss = treeRssMb(environment.serverPid);
    if (rss > phasePeaks[phase] + 2 || !phaseBreakdowns[phase])
      phaseBreakdowns[phase] = describeBreakdown(memoryBreakdown(environment.serverPid));
    phasePeaks[phase] = Math.max(phasePeaks[phase], rss);
  };
  sample();
  const sampler = setInterval(sample, 100);
  try {
    const file = volumeCsv(rows, repetition);
    let start = performance.now();
    const { importId, preview } = await previewImport(who, {
      proceedingsId: volume.id,
      fileName: "volume.csv",
      bytes: file,
    });
    const previewMs = performance.now() - start;
    if (preview.rows.length !== rows) throw new Error(`preview found ${preview.problems.length} problems`);

    const sentBefore = environment.emailsReceived();
    sample();
    phase = "issue";
    start = performance.now();
    await startIssuingImport(who, { importId });
    await until(
      async () =>
        (await client.query(`SELECT status FROM "BulkImport" WHERE id = $1`, [importId])).rows[0].status === "done",
      600_000,
    );
    const issueMs = performance.now() - start;

    sample();
    phase = "delivery";
    const deliveryStart = performance.now();
    const deliveredAtStart = environment.emailsReceived() - sentBefore;
    await until(async () => environment.emailsReceived() - sentBefore >= rows, 900_000);
    const deliverySeconds = (performance.now() - deliveryStart) / 1000;
    return {
      previewS: previewMs / 1000,
      issueS: issueMs / 1000,
      rate: (rows - deliveredAtStart) / deliverySeconds,
      totalS: issueMs / 1000 + deliverySeconds,
      peakMb: Math.max(...Object.values(phasePeaks)),
      phasePeaks,
      phaseBreakdowns,
    };
  } finally {
    sample();
    clearInterval(sampler);
  }
}

function describeBreakdown(breakdown: MemoryBreakdown): string {
  return Object.entries(breakdown)
    .map(([part, mb]) => `${part} ${mb.toFixed(0)}`)
    .join(", ");
}
