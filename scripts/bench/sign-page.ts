import { performance } from "node:perf_hooks";
import type { Figures } from "./figures";
import { median, overRepetitions, percentile } from "./stats";

const REPETITIONS = Math.max(3, Number(process.env.BENCH_REPETITIONS ?? 3));
const REQUESTS = Number(process.env.BENCH_SIGN_PAGE_REQUESTS ?? 200);

async function timedGet(url: string): Promise<number> {
  const start = performance.now();
  const response = await fetch(url);
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  return performance.now() - start;
}

/**
 * A static file of the same server, as the browser loads it with the page: the page's stylesheet,
 * through the same front door (security headers) and Next, minus any rendering or database work.
 */
async function staticAssetOf(pageUrl: string): Promise<string> {
  const page = await fetch(pageUrl).then((response) => response.text());
  const href = /<link rel="stylesheet" href="([^"]+\.css)"/.exec(page)?.[1];
  if (!href) throw new Error("the signing page links no stylesheet to compare it with");
  return new URL(href, pageUrl).toString();
}

/**
 * GET /sign/<token> against a static file of the same server, request for request in turn, in
 * BENCH_REPETITIONS (≥ 3) rounds of BENCH_SIGN_PAGE_REQUESTS each. The page's median divided by the
 * static file's, both from the same minutes, is the figure to compare across machines: a slower
 * or busier machine slows both.
 */
export async function benchSigningPage(pageUrl: string, log: (message: string) => void): Promise<Figures> {
  const staticUrl = await staticAssetOf(pageUrl);
  for (let i = 0; i < 20; i++) await Promise.all([timedGet(pageUrl), timedGet(staticUrl)]);
  const rounds: { page: number[]; asset: number[] }[] = [];
  for (let r = 0; r < REPETITIONS; r++) {
    log(`GET /sign/<token> and a static file, ×${REQUESTS} each, round ${r + 1} of ${REPETITIONS}…`);
    const round = { page: [] as number[], asset: [] as number[] };
    for (let i = 0; i < REQUESTS; i++) {
      round.page.push(await timedGet(pageUrl));
      round.asset.push(await timedGet(staticUrl));
    }
    rounds.push(round);
  }
  return {
    sign_page_median: { ...overRepetitions(rounds.map((r) => median(r.page))), unit: "ms", target: "≤ 10" },
    sign_page_p95: { ...overRepetitions(rounds.map((r) => percentile(r.page, 95))), unit: "ms" },
    static_page_median: { ...overRepetitions(rounds.map((r) => median(r.asset))), unit: "ms" },
    sign_page_static_ratio: { ...overRepetitions(rounds.map((r) => median(r.page) / median(r.asset))), unit: "×" },
  };
}
