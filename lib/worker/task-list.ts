import "server-only";
import type { JobHelpers, TaskList } from "graphile-worker";
import { sendSignInLink } from "@/lib/auth/send-sign-in-link";
import { checkpointAuditChainIfDue } from "@/lib/audit/checkpoint-audit-chain";
import { timestampCheckpoints } from "@/lib/audit/timestamp-checkpoints";
import { AppError } from "@/lib/errors/app-error";
import { deliverEmail } from "@/lib/mail/deliver-email";
import { recordSealFailure } from "@/lib/agreements/record-seal-failure";
import { recordSealWaiting } from "@/lib/agreements/record-seal-waiting";
import { sealAgreement } from "@/lib/agreements/seal-agreement";
import { sweepStuckSeals } from "@/lib/agreements/sweep-stuck-seals";
import type { DocumentTimestampReason } from "@/lib/agreements/timestamp-signed-document";
import { expireOverdueAgreements } from "@/lib/proceedings/expire-overdue-agreements";
import { sendDueReminders } from "@/lib/proceedings/send-due-reminders";
import type { JobName, JobPayloads } from "@/lib/queue/jobs";
import { pruneRateLimits } from "@/lib/rate-limit/consume-rate-limit";
import { forgetOldIdempotencyKeys } from "@/lib/api/agreements/forget-old-idempotency-keys";
import { deliverWebhook } from "@/lib/webhooks/deliver-webhook";

// Loaded at a job's first run, not with the worker: the import parsers and the document timestamp's
// PDF library (@cantoo/pdf-lib, with its colour tables) would otherwise stay resident in every
// instance that never imports a volume or re-timestamps a seal.
const bulkImport = () => import("@/lib/proceedings/bulk-import");
const documentTimestamps = () => import("@/lib/agreements/timestamp-due-documents");

type Handler<Name extends JobName> = (payload: JobPayloads[Name], helpers: JobHelpers) => Promise<void>;

const isLastAttempt = (helpers: JobHelpers) => helpers.job.attempts >= helpers.job.max_attempts;

/** A handler for every job the app queues (lib/queue/jobs.ts), receiving the payload it was queued with. */
const queuedTasks: { [Name in JobName]: Handler<Name> } = {
  deliver_email: async ({ emailId }, helpers) => {
    await deliverEmail(emailId, { isLastAttempt: isLastAttempt(helpers) });
  },
  seal_agreement: async ({ agreementId }, helpers) => {
    try {
      await sealAgreement(agreementId);
    } catch (error) {
      // Waiting for the timestamp authority is not a failure: the job re-queues itself for later
      // and ends, so no number of waits turns into "seal failed".
      if (error instanceof AppError && error.code === "TIMESTAMP_UNAVAILABLE")
        return recordSealWaiting(agreementId, error);
      await recordSealFailure(agreementId, error, { final: isLastAttempt(helpers) });
      throw error;
    }
  },
  issue_import: async (job, helpers) => {
    const { issueImport, markImportFailed } = await bulkImport();
    try {
      await issueImport(job);
    } catch (error) {
      if (isLastAttempt(helpers)) await markImportFailed(job.importId, error);
      throw error;
    }
  },
  send_sign_in_link: async (job) => {
    await sendSignInLink(job);
  },
  // Queued when the chain passes AUDIT_CHECKPOINT_EVENTS and, from the crontab, every minute. The
  // timestamps are asked for after the checkpoint is committed; an unavailable authority is not a
  // failure of the job: what is left without a token is taken up by the next run.
  checkpoint_audit_chain: async () => {
    await checkpointAuditChainIfDue();
    const { unavailable } = await timestampCheckpoints();
    if (unavailable) console.warn(`[jobs] audit checkpoints wait for a timestamp: ${unavailable}`);
  },
  timestamp_document: async ({ agreementId, reason, newestVersion }) => {
    const { timestampDueDocument } = await documentTimestamps();
    await timestampDueDocument({ agreementId, reason: reason as DocumentTimestampReason, newestVersion });
  },
  deliver_webhook: async ({ deliveryId }) => {
    await deliverWebhook(deliveryId);
  },
};

/** Jobs only the crontab starts (start-worker.ts): housekeeping that carries nothing. */
export const scheduledTasks = {
  send_due_reminders: async () => {
    await sendDueReminders();
  },
  expire_overdue_agreements: async () => {
    await expireOverdueAgreements();
  },
  // Throttle counters are only needed for their window; an hourly sweep keeps the table small.
  prune_rate_limits: async () => {
    await pruneRateLimits();
  },
  // Idempotency-Keys are answered for a week (lib/api/agreements/forget-old-idempotency-keys.ts).
  forget_old_idempotency_keys: async () => {
    await forgetOldIdempotencyKeys();
  },
  // Sealed PDFs whose certificates near expiry, or sealed without their timestamp (TSA_URL only).
  timestamp_sealed_documents: async () => {
    const { queueDueDocumentTimestamps } = await documentTimestamps();
    await queueDueDocumentTimestamps();
  },
  sweep_stuck_seals: async () => {
    const requeued = await sweepStuckSeals();
    if (requeued.length > 0) console.warn(`[jobs] re-queued ${requeued.length} stuck seal(s): ${requeued.join(", ")}`);
  },
};

export type TaskName = JobName | keyof typeof scheduledTasks;

// graphile-worker types every payload as unknown: it hands back the JSON the job was queued with,
// which only lib/queue's typed enqueue writes, so each handler gets the payload its name declares.
export const taskList = { ...queuedTasks, ...scheduledTasks } as TaskList;
