import "server-only";
import type { TaskList } from "graphile-worker";
import { deliverEmail } from "@/lib/mail/deliver-email";
import { sealAgreement } from "@/lib/agreements/seal-agreement";

export const taskList: TaskList = {
  deliver_email: async (payload, helpers) => {
    const { emailId } = payload as { emailId: string };
    await deliverEmail(emailId, { isLastAttempt: helpers.job.attempts >= helpers.job.max_attempts });
  },
  seal_agreement: async (payload) => {
    const { agreementId } = payload as { agreementId: string };
    await sealAgreement(agreementId);
  },
};
