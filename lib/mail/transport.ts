import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import nodemailer, { type Transporter } from "nodemailer";
import { reservePacingSlot } from "@/lib/rate-limit/reserve-pacing-slot";
import { readNumberSetting } from "@/lib/config/read-number-setting";

const holder = globalThis as unknown as { imprimaturMailer?: Transporter };

type Env = Record<string, string | undefined>;

/** SMTP_MAX_CONNECTIONS: pooled connections to the relay per instance. */
export function smtpMaxConnections(env: Env = process.env): number {
  return readNumberSetting(env, "SMTP_MAX_CONNECTIONS", {
    fallback: 20,
    min: 1,
    max: 1000,
    whole: true,
    unit: "connections",
  });
}

/** SMTP_MAX_PER_SECOND: emails per second across all workers, such as 10 or 0.5; null: no limit. */
export function smtpMaxPerSecond(env: Env = process.env): number | null {
  const rate = readNumberSetting(env, "SMTP_MAX_PER_SECOND", {
    fallback: 0,
    min: 0,
    max: 100_000,
    unit: "emails per second across all workers; 0: no limit",
  });
  return rate > 0 ? rate : null;
}

/** Pooled SMTP connections: a volume's thousands of invitations should not each open one. */
export function mailTransport(): Transporter {
  const url = process.env.SMTP_URL;
  if (!url) throw new Error("SMTP_URL is not set: `npm start` provides a local mail catcher when it is unset.");
  if (!holder.imprimaturMailer) {
    const pooled = new URL(url);
    if (!pooled.searchParams.has("pool")) pooled.searchParams.set("pool", "true");
    // Each SMTP exchange waits on round trips, so throughput grows with parallel connections: a
    // connection carries one message at a time, and the email pool runs EMAIL_CONCURRENCY at once.
    if (!pooled.searchParams.has("maxConnections"))
      pooled.searchParams.set("maxConnections", String(smtpMaxConnections()));
    holder.imprimaturMailer = nodemailer.createTransport(pooled.toString());
  }
  return holder.imprimaturMailer;
}

/**
 * Spaces sends evenly to at most SMTP_MAX_PER_SECOND across all instances (0 or unset: no limit),
 * for relays that refuse bursts: each send takes the next turn, 1/SMTP_MAX_PER_SECOND seconds after
 * the one before, from one timeline kept in PostgreSQL (reserve-pacing-slot.ts), so ten workers
 * share the relay's limit rather than each taking all of it, and no second sees more than it.
 */
export async function throttledSend<T>(send: () => Promise<T>): Promise<T> {
  const spacingMs = sendSpacingMs();
  if (spacingMs === null) return send();
  const { waitMs } = await reservePacingSlot("smtp-send:relay", spacingMs);
  if (waitMs > 0) await sleep(waitMs);
  return send();
}

function sendSpacingMs(): number | null {
  // Read at each send (tests change it); the worker's start refused a value that is not a rate.
  const perSecond = smtpMaxPerSecond();
  if (perSecond === null) return null;
  // 0.2: one email every 5 s; 2.5: one every 400 ms.
  return 1000 / perSecond;
}

/** Closes the pooled connections (tests, and a clean shutdown). */
export function closeMailTransport() {
  holder.imprimaturMailer?.close();
  delete holder.imprimaturMailer;
}
