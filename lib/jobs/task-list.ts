import "server-only";
import type { TaskList } from "graphile-worker";
import { deliverEmail } from "@/lib/mail/deliver-email";
import { recordSealFailure } from "@/lib/agreements/record-seal-failure";
import { sealAgreement } from "@/lib/agreements/seal-agreement";
import { sweepStuckSeals } from "@/lib/agreements/sweep-stuck-seals";

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
  sweep_stuck_seals: async () => {
    const requeued = await sweepStuckSeals();
    if (requeued.length > 0) console.warn(`[jobs] re-queued ${requeued.length} stuck seal(s): ${requeued.join(", ")}`);
  },
};
