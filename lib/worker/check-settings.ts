import "server-only";
import { checkpointEveryEvents, checkpointEveryMs } from "@/lib/audit/checkpoint-settings";
import { sealThreadCount, sealThreadIdleSeconds } from "@/lib/agreements/seal-threads";
import { apiRateLimitRule } from "@/lib/api/api-rate-limit";
import { sessionIdleSeconds, sessionMaxSeconds } from "@/lib/auth/session-lifetime";
import { signingLinkDays } from "@/lib/config/app-config";
import { databasePoolSize } from "@/lib/db/client";
import { smtpMaxConnections, smtpMaxPerSecond } from "@/lib/mail/transport";
import { timestampCheckSettings } from "@/lib/timestamp/timestamp-authority-settings";
import { verifyRule } from "@/lib/verification/verify-allowance";
import { readWorkerConcurrency } from "./read-worker-concurrency";

// Every numeric setting is read where it is used, often only at the first request that needs it
// (a PDF checked at /verify, an API call, a staff sign-in): a typo there would surface days later,
// as one failed request. Each reader is called once here, when an instance starts.
const READERS: (() => unknown)[] = [
  readWorkerConcurrency,
  smtpMaxConnections,
  smtpMaxPerSecond,
  sealThreadCount,
  sealThreadIdleSeconds,
  databasePoolSize,
  signingLinkDays,
  sessionMaxSeconds,
  sessionIdleSeconds,
  verifyRule,
  apiRateLimitRule,
  checkpointEveryEvents,
  checkpointEveryMs,
  () => timestampCheckSettings(),
];

/**
 * At an instance's start (web server or worker): throws one Error naming every setting that is not
 * what it must be, each with what it must be and what it was, so one restart fixes them all.
 */
export function checkSettings(): void {
  const problems: string[] = [];
  for (const read of READERS) {
    try {
      read();
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    }
  }
  if (problems.length === 0) return;
  throw new Error(
    `${problems.join(" ")} Fix ${problems.length === 1 ? "the setting" : "these settings"} and start again.`,
  );
}
