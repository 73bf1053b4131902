import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import pThrottle from "p-throttle";

const holder = globalThis as unknown as {
  imprimaturMailer?: Transporter;
  imprimaturThrottle?: <T>(send: () => Promise<T>) => Promise<T>;
};

/** Pooled SMTP connections: a volume's thousands of invitations should not each open one. */
export function mailTransport(): Transporter {
  const url = process.env.SMTP_URL;
  if (!url) throw new Error("SMTP_URL is not set: `npm start` provides a local mail catcher when it is unset.");
  if (!holder.imprimaturMailer) {
    const pooled = new URL(url);
    if (!pooled.searchParams.has("pool")) pooled.searchParams.set("pool", "true");
    // Each SMTP exchange waits on round trips, so throughput grows with parallel connections.
    if (!pooled.searchParams.has("maxConnections"))
      pooled.searchParams.set("maxConnections", process.env.SMTP_MAX_CONNECTIONS ?? "10");
    holder.imprimaturMailer = nodemailer.createTransport(pooled.toString());
  }
  return holder.imprimaturMailer;
}

/**
 * Spaces sends to at most SMTP_MAX_PER_SECOND per app instance (0 or unset: no limit), for relays
 * that refuse bursts. Each instance keeps its own pace: with several, divide the relay's limit.
 */
export function throttledSend<T>(send: () => Promise<T>): Promise<T> {
  const perSecond = Number(process.env.SMTP_MAX_PER_SECOND ?? 0);
  if (!(perSecond > 0)) return send();
  holder.imprimaturThrottle ??= pThrottle({ limit: perSecond, interval: 1000 })(<T>(task: () => Promise<T>) =>
    task(),
  ) as <T>(send: () => Promise<T>) => Promise<T>;
  return holder.imprimaturThrottle(send);
}

/** Closes the pooled connections (tests, and a clean shutdown). */
export function closeMailTransport() {
  holder.imprimaturMailer?.close();
  delete holder.imprimaturMailer;
}
