import { performance } from "node:perf_hooks";
import type pg from "pg";
import { expireOverdueAgreements } from "../../lib/proceedings/expire-overdue-agreements";
import { overRepetitions } from "./stats";
import { seedOpenAgreements } from "./seed-open-agreements";

const STALE = 35_000;
const REPETITIONS = 3;

/**
 * The expiry sweep over 35,000 agreements whose links have all lapsed (a big volume a month after
 * its deadline), timed from the sweep's start until every one of them is expired, three times over
 * fresh agreements. The 100,000-agreement archive of the list group, whose old links would be swept
 * too, is seeded on a database of its own. The instance's own worker may join in (its schedule runs
 * the same sweep).
 */
export async function benchExpiry(client: pg.Client, log: (message: string) => void) {
  const seconds: number[] = [];
  for (let round = 1; round <= REPETITIONS; round++) {
    const { volumeId } = await seedOpenAgreements(client, {
      volume: `Bench stale volume ${round}`,
      count: STALE,
      linkHoursFromNow: -24,
    });
    const open = `SELECT count(*)::int AS n FROM "Agreement" WHERE "proceedingsId" = $1 AND status <> 'expired'`;
    const start = performance.now();
    await expireOverdueAgreements();
    while ((await client.query<{ n: number }>(open, [volumeId])).rows[0].n > 0)
      await new Promise((resolve) => setTimeout(resolve, 20));
    seconds.push((performance.now() - start) / 1000);
    log(`  round ${round}: ${seconds[seconds.length - 1].toFixed(1)} s`);
  }
  return {
    expire_35k_median: { ...overRepetitions(seconds), unit: "s" },
    expire_35k_min: { value: Math.min(...seconds), unit: "s" },
    expire_35k_max: { value: Math.max(...seconds), unit: "s" },
  };
}
