import { readNumberSetting, type NumberSettingRule } from "@/lib/config/read-number-setting";

type Env = Record<string, string | undefined>;

const concurrency = (fallback: number, unit: string): NumberSettingRule => ({
  fallback,
  min: 1,
  max: 1000,
  whole: true,
  unit,
});

/** How many jobs of each pool one instance runs at once; a value that is not a count throws, naming it. */
export function readWorkerConcurrency(env: Env = process.env) {
  return {
    /** WORKER_CONCURRENCY: seals, imports, timestamps and sweeps. */
    jobs: readNumberSetting(env, "WORKER_CONCURRENCY", concurrency(10, "jobs at once")),
    /**
     * EMAIL_CONCURRENCY. Each email waits on round trips (its read, the SMTP exchange, the "sent"
     * transaction), not on this process: emails per second = emails in flight / time per email.
     * With 30 in flight on 10 SMTP connections a volume went out at about 210/s, most of each
     * email's time spent waiting for a free connection; 60 on 20 send nearly twice as many.
     */
    emails: readNumberSetting(env, "EMAIL_CONCURRENCY", concurrency(60, "emails at once")),
    /** WEBHOOK_CONCURRENCY. */
    webhooks: readNumberSetting(env, "WEBHOOK_CONCURRENCY", concurrency(10, "webhook deliveries at once")),
  };
}
