import { z } from "zod";

// The job worker's tuning, read from the environment when a worker starts, so that a value that is
// not one (`EMAIL_CONCURRENCY=sixty`, `SMTP_MAX_PER_SECOND=two`) stops the start with a message
// naming it. Read as plain Number() they became NaN: no limit at all on the relay's rate, and pools
// graphile-worker runs with no concurrency it can count.

export type WorkerSettings = {
  /** WORKER_CONCURRENCY: seals, imports, timestamps and sweeps one instance runs at once. */
  jobConcurrency: number;
  /**
   * EMAIL_CONCURRENCY: email jobs one instance runs at once. Each waits on round trips (its read,
   * the SMTP exchange, the "sent" transaction), not on this process: emails per second = emails in
   * flight / time per email. With 30 in flight on 10 SMTP connections a volume went out at about
   * 210/s, most of each email's time spent waiting for a free connection; 60 on 20 send nearly
   * twice as many in the same time.
   */
  emailConcurrency: number;
  /** WEBHOOK_CONCURRENCY: webhook deliveries one instance sends at once. */
  webhookConcurrency: number;
  /** SMTP_MAX_CONNECTIONS: pooled connections to the relay per instance. */
  smtpMaxConnections: number;
  /** SMTP_MAX_PER_SECOND across all workers; null: no limit. */
  smtpMaxPerSecond: number | null;
};

type Env = Record<string, string | undefined>;

const wholeNumber = (min: number, max: number) =>
  z.string().regex(/^\d+$/).transform(Number).pipe(z.number().int().min(min).max(max));

// A decimal such as 2.5 or 0.2; 0 means no limit. Not "1e3" or "Infinity": an operator types a rate.
const rate = z
  .string()
  .regex(/^\d+(\.\d+)?$/)
  .transform(Number)
  .pipe(z.number().max(100_000));

const SETTINGS = {
  WORKER_CONCURRENCY: { schema: wholeNumber(1, 1000), fallback: 10, rule: "a whole number from 1 to 1000" },
  EMAIL_CONCURRENCY: { schema: wholeNumber(1, 1000), fallback: 60, rule: "a whole number from 1 to 1000" },
  WEBHOOK_CONCURRENCY: { schema: wholeNumber(1, 1000), fallback: 10, rule: "a whole number from 1 to 1000" },
  SMTP_MAX_CONNECTIONS: { schema: wholeNumber(1, 1000), fallback: 20, rule: "a whole number from 1 to 1000" },
  SMTP_MAX_PER_SECOND: {
    schema: rate,
    fallback: 0,
    rule: "emails per second across all workers, such as 10 or 0.5 (0 or unset: no limit)",
  },
} as const;

type SettingName = keyof typeof SETTINGS;

/**
 * The worker's settings, each its default when unset or blank; throws one error naming every
 * setting that is not what it should be, and what it should be.
 */
export function readWorkerSettings(env: Env = process.env): WorkerSettings {
  const problems: string[] = [];
  const read = (name: SettingName): number => {
    const setting = SETTINGS[name];
    const raw = env[name]?.trim();
    if (!raw) return setting.fallback;
    const parsed = setting.schema.safeParse(raw);
    if (parsed.success) return parsed.data;
    problems.push(`${name} must be ${setting.rule}; got "${env[name]}".`);
    return setting.fallback;
  };
  const settings = {
    jobConcurrency: read("WORKER_CONCURRENCY"),
    emailConcurrency: read("EMAIL_CONCURRENCY"),
    webhookConcurrency: read("WEBHOOK_CONCURRENCY"),
    smtpMaxConnections: read("SMTP_MAX_CONNECTIONS"),
    smtpMaxPerSecond: read("SMTP_MAX_PER_SECOND") || null,
  };
  if (problems.length > 0) throw new Error(`${problems.join(" ")} Fix the setting and start again.`);
  return settings;
}
