import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import type pg from "pg";
import { apiTokenSecretHash, newApiTokenSecret } from "../../lib/api-tokens/api-token-secret";
import type { BenchEnvironment } from "./environment";
import { overRepetitions, percentile, median } from "./stats";

type Figures = Record<string, { value: number; unit: string; target?: string; spread?: [number, number] }>;
type Log = (message: string) => void;

const CREATES = Number(process.env.BENCH_API_CREATES ?? 100);
const REPETITIONS = Math.max(3, Number(process.env.BENCH_REPETITIONS ?? 3));
// The figure is the API's in service: a server that has answered creates for a while. A server's
// first creates run while V8 still optimizes the API's code on its helper threads, which take the
// same two cores: ~50 TurboFan compilations per 100 creates up to the 300th, 14–16 per 100 after
// the 700th (--trace-opt). Medians of each 100 of 1,020 creates on a fresh server, 3 runs: 5.7–7.3 ms
// up to the 420th create, 4.6–6.0 from the 520th on. So the timed rounds start after 500; the
// first 100 are reported apart (api_create_first_100_median).
const WARM_UP_CREATES = Number(process.env.BENCH_API_WARM_UP ?? 500);
const FIRST_CREATES = 100;

/** An API token for the bench, written as the tokens page would (only the secret's SHA-256 is stored). */
async function benchToken(client: pg.Client): Promise<string> {
  const secret = newApiTokenSecret();
  await client.query(
    `INSERT INTO "User" (id, email, name, role) VALUES ('bench-api-owner', 'bench-api@example.org', 'Bench API', 'publisher')
     ON CONFLICT (id) DO NOTHING`,
  );
  await client.query(
    `INSERT INTO "ApiToken" (id, name, role, "secretHash", "ownerId") VALUES ($1, $2, 'publisher', $3, 'bench-api-owner')`,
    [randomUUID(), `bench ${randomUUID().slice(0, 8)}`, apiTokenSecretHash(secret)],
  );
  return secret;
}

const agreement = (i: number) => ({
  volume: "PMLR vol. 301 (API bench)",
  title: `Differentiable Dynamic Quantization with Mixed Precision and Adaptive Resolution ${i}`,
  authors: [`Zhang Haoyang <author${i}@example.org>`, "Zhang Zhongang"],
  correspondingAuthor: { name: "Zhang Haoyang", email: `author${i}@example.org` },
});

async function post(url: string, secret: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: "POST",
    headers: { authorization: `Bearer ${secret}`, "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`POST ${url} answered ${response.status}: ${text.slice(0, 300)}`);
  return text;
}

/**
 * The REST API through the real server: one create at a time with an Idempotency-Key (p50, p95)
 * once WARM_UP_CREATES have been answered, the first 100 of those apart, and 1,000 agreements in
 * one batch request (the whole request, from send to answer).
 */
export async function benchApi(environment: BenchEnvironment, client: pg.Client, log: Log): Promise<Figures> {
  const secret = await benchToken(client);
  const createUrl = `${environment.baseUrl}/api/v1/agreements`;
  let serial = 0;
  log(`Warming up the API (${WARM_UP_CREATES} creates; the first ${FIRST_CREATES} timed)…`);
  const first: number[] = [];
  for (let i = 0; i < Math.max(WARM_UP_CREATES, FIRST_CREATES); i++) {
    const start = performance.now();
    await post(createUrl, secret, agreement((serial += 1)), { "idempotency-key": randomUUID() });
    if (i < FIRST_CREATES) first.push(performance.now() - start);
  }

  log(`API create, one at a time ×${CREATES}, ${REPETITIONS} rounds…`);
  const rounds: number[][] = [];
  for (let r = 0; r < REPETITIONS; r++) {
    const times: number[] = [];
    for (let i = 0; i < CREATES; i++) {
      const start = performance.now();
      await post(createUrl, secret, agreement((serial += 1)), { "idempotency-key": randomUUID() });
      times.push(performance.now() - start);
    }
    rounds.push(times);
  }

  log(`API batch of 1,000 agreements, ${REPETITIONS} rounds…`);
  const bulk: number[] = [];
  for (let r = 0; r < REPETITIONS; r++) {
    const rows = Array.from({ length: 1000 }, (_, i) => {
      const { title, authors, correspondingAuthor } = agreement((serial += 1));
      return { paperId: `bench-${r}-${i}`, title, authors, correspondingAuthor };
    });
    const start = performance.now();
    const answer = JSON.parse(
      await post(`${environment.baseUrl}/api/v1/agreements/batch`, secret, { volume: `API bulk ${r}`, rows }),
    );
    bulk.push(performance.now() - start);
    if (answer.issued !== 1000) throw new Error(`the batch issued ${answer.issued} agreements, not 1,000`);
  }
  return {
    api_create_median: { ...overRepetitions(rounds.map(median)), unit: "ms", target: "≤ 10" },
    api_create_p95: { ...overRepetitions(rounds.map((times) => percentile(times, 95))), unit: "ms" },
    // The API's first creates after the server started (or, in a full run, after the other groups):
    // its code not yet optimized. One round, so no spread.
    api_create_first_100_median: { value: median(first), unit: "ms" },
    api_bulk_1000: { ...overRepetitions(bulk), unit: "ms", target: "≤ 5000" },
  };
}
