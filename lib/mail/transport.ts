import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { consumeRateLimit, type RateLimitRule } from "@/lib/rate-limit/consume-rate-limit";

const holder = globalThis as unknown as { imprimaturMailer?: Transporter };

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
      pooled.searchParams.set("maxConnections", process.env.SMTP_MAX_CONNECTIONS ?? "20");
    holder.imprimaturMailer = nodemailer.createTransport(pooled.toString());
  }
  return holder.imprimaturMailer;
}

/**
 * Spaces sends to at most SMTP_MAX_PER_SECOND across all instances (0 or unset: no limit), for
 * relays that refuse bursts. The count lives in PostgreSQL, one bucket per second, so ten workers
 * share the relay's limit rather than each taking all of it; a send over the limit waits for the
 * next second and asks again.
 */
export async function throttledSend<T>(send: () => Promise<T>): Promise<T> {
  const rule = sendingRate();
  if (!rule) return send();
  for (;;) {
    const now = new Date();
    if ((await consumeRateLimit(rule, "relay", now)).allowed) return send();
    const windowMs = rule.windowSeconds * 1000;
    // A little jitter so the waiting sends of every instance do not all ask in the same millisecond.
    const untilNextWindow = windowMs - (now.getTime() % windowMs) + Math.random() * 20;
    await new Promise((resolve) => setTimeout(resolve, untilNextWindow));
  }
}

function sendingRate(): RateLimitRule | null {
  const perSecond = Number(process.env.SMTP_MAX_PER_SECOND ?? 0);
  if (!(perSecond > 0)) return null;
  // Below one a second (0.2: one email every 5 s), one email per window of that length.
  if (perSecond < 1) return { name: "smtp-send", limit: 1, windowSeconds: Math.round(1 / perSecond) };
  return { name: "smtp-send", limit: Math.floor(perSecond), windowSeconds: 1 };
}

/** Closes the pooled connections (tests, and a clean shutdown). */
export function closeMailTransport() {
  holder.imprimaturMailer?.close();
  delete holder.imprimaturMailer;
}
