import { performance } from "node:perf_hooks";
import type pg from "pg";

/**
 * Notices when signed PDFs are stored, for many agreements at once, with one query every few
 * milliseconds — so that watching twenty signers does not itself load the machine.
 */
export function watchSealed(client: pg.Client, intervalMs = 3) {
  const waiting = new Map<string, (at: number) => void>();
  let timer: NodeJS.Timeout | undefined;
  async function poll() {
    if (waiting.size === 0) return void (timer = undefined);
    const { rows } = await client.query(`SELECT "agreementId" FROM "SignedDocument" WHERE "agreementId" = ANY($1)`, [
      [...waiting.keys()],
    ]);
    const now = performance.now();
    for (const { agreementId } of rows) {
      waiting.get(agreementId)?.(now);
      waiting.delete(agreementId);
    }
    timer = setTimeout(poll, intervalMs);
  }
  return {
    sealedAt(agreementId: string): Promise<number> {
      const promise = new Promise<number>((resolve) => waiting.set(agreementId, resolve));
      timer ??= setTimeout(poll, intervalMs);
      return promise;
    },
  };
}
