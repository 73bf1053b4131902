import { performance } from "node:perf_hooks";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { staffAddressContext } from "../../lib/audit/audit-context";
import { db } from "../../lib/db/client";
import { registerWebhookEndpoint } from "../../lib/webhooks/register-webhook-endpoint";
import type { Figures } from "./figures";
import { openSigningPage, signThroughForm } from "./sign-through-form";
import { median, overRepetitions, percentile } from "./stats";

const SIGNATURES = 20;

/**
 * Webhook latency: from the author pressing "Sign agreement" to the agreement.signed webhook
 * arriving at a local receiver, one signature at a time. The server must run with
 * WEBHOOK_ALLOWED_HOSTS allowing 127.0.0.1 (bench.ts sets it before starting the server).
 */
export async function benchWebhooks(
  issue: (n: number) => Promise<{ id: string; url: string }[]>,
  { repetitions, log }: { repetitions: number; log: (message: string) => void },
): Promise<Figures> {
  const arrivals = new Map<string, (at: number) => void>();
  const receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const at = performance.now();
      response.end("ok");
      const { data } = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { data: { agreementId: string } };
      arrivals.get(data.agreementId)?.(at);
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const { port } = receiver.address() as AddressInfo;
  const context = staffAddressContext("bench@example.org", { ip: null, userAgent: null });
  const { endpointId } = await registerWebhookEndpoint(context, {
    url: `http://127.0.0.1:${port}/hooks`,
    events: ["agreement.signed"],
  });
  const signOne = async ({ id, url }: { id: string; url: string }) => {
    const page = await openSigningPage(url);
    const arrived = new Promise<number>((resolve, reject) => {
      arrivals.set(id, resolve);
      setTimeout(() => reject(new Error(`no webhook for ${id} within 30 s`)), 30_000).unref();
    });
    const start = performance.now();
    await signThroughForm(url, "Zhang Haoyang", page);
    return (await arrived) - start;
  };
  try {
    log("Warming up the webhook path…");
    for (const agreement of await issue(3)) await signOne(agreement);
    log(`Sign → agreement.signed webhook received, one signer at a time ×${SIGNATURES}, ${repetitions} rounds…`);
    const rounds: number[][] = [];
    for (let r = 0; r < repetitions; r++) {
      const latencies: number[] = [];
      for (const agreement of await issue(SIGNATURES)) latencies.push(await signOne(agreement));
      rounds.push(latencies);
    }
    return {
      webhook_latency_median: { ...overRepetitions(rounds.map(median)), unit: "ms", target: "≤ 200" },
      webhook_latency_p95: { ...overRepetitions(rounds.map((r) => percentile(r, 95))), unit: "ms" },
    };
  } finally {
    // Later groups (and a re-run) should not deliver to a receiver that is gone.
    await db.webhookEndpoint.delete({ where: { id: endpointId } });
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  }
}
