import "server-only";
import type { TaskList } from "graphile-worker";
import { sendSignInLink, type SendSignInLinkJob } from "@/lib/auth/send-sign-in-link";
import { checkpointAuditChainIfDue } from "@/lib/audit/checkpoint-audit-chain";
import { deliverEmail } from "@/lib/mail/deliver-email";
import { recordSealFailure } from "@/lib/agreements/record-seal-failure";
import { sealAgreement } from "@/lib/agreements/seal-agreement";
import { sweepStuckSeals } from "@/lib/agreements/sweep-stuck-seals";
import { issueImport, markImportFailed, type IssueImportJob } from "@/lib/proceedings/bulk-import";
import { expireOverdueAgreements } from "@/lib/proceedings/expire-overdue-agreements";
import { sendDueReminders } from "@/lib/proceedings/send-due-reminders";
import { pruneRateLimits } from "@/lib/rate-limit/consume-rate-limit";

export const taskList: TaskList = {
  deliver_email: async (payload, helpers) => {
    const { emailId } = payload as { emailId: string };
    await deliverEmail(emailId, { isLastAttempt: helpers.job.attempts >= helpers.job.max_attempts });
  },
  seal_agreement: async (payload, helpers) => {
    const { agreementId } = payload as { agreementId: string };
    try {
      await sealAgreement(agreementId);
    } catch (error) {
      await recordSealFailure(agreementId, error, { final: helpers.job.attempts >= helpers.job.max_attempts });
      throw error;
    }
  },
  issue_import: async (payload, helpers) => {
    const job = payload as IssueImportJob;
    try {
      await issueImport(job);
    } catch (error) {
      if (helpers.job.attempts >= helpers.job.max_attempts) await markImportFailed(job.importId, error);
      throw error;
    }
  },
  send_due_reminders: async () => {
    await sendDueReminders();
  },
  expire_overdue_agreements: async () => {
    await expireOverdueAgreements();
  },
  send_sign_in_link: async (payload) => {
    await sendSignInLink(payload as SendSignInLinkJob);
  },
  // Throttle counters are only needed for their window; an hourly sweep keeps the table small.
  prune_rate_limits: async () => {
    await pruneRateLimits();
  },
  checkpoint_audit_chain: async () => {
    await checkpointAuditChainIfDue();
  },
  sweep_stuck_seals: async () => {
    const requeued = await sweepStuckSeals();
    if (requeued.length > 0) console.warn(`[jobs] re-queued ${requeued.length} stuck seal(s): ${requeued.join(", ")}`);
  },
};
