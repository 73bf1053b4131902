import { isAppError } from "@/lib/errors/app-error";
import { db } from "@/lib/db/client";
import { issueAgreement } from "@/lib/agreements/issue-agreement";
import { issueAgreementInput, type IssueAgreementFields } from "@/lib/agreements/issue-agreement-input";
import { emailForDelivery } from "@/lib/mail/outbox";
import { STAFF, SYSTEM_CONTEXT } from "./contexts";

export const SAMPLE_FIELDS: IssueAgreementFields = {
  proceedings: "PMLR vol. 139, ICML 2021",
  articleTitle: "Differentiable Dynamic Quantization with Mixed Precision and Adaptive resolution",
  correspondingAuthorName: "Zhang Haoyang",
  correspondingAuthorEmail: "haoyang@example.org",
  authors: "Zhang Haoyang\nZhang Zhongang",
};

/** Issues an agreement through the real operation and returns it with the token its email will carry. */
export async function issueTestAgreement(overrides: Partial<IssueAgreementFields> = {}) {
  const input = issueAgreementInput.parse({ ...SAMPLE_FIELDS, ...overrides });
  const agreement = await issueAgreement(SYSTEM_CONTEXT, input);
  const email = await db.emailMessage.findFirstOrThrow({ where: { agreementId: agreement.id, kind: "invitation" } });
  const token = /\/sign\/([A-Za-z0-9_-]{43})/.exec(emailForDelivery(email).text)?.[1];
  if (!token) throw new Error("The invitation email carries no signing link.");
  return { agreement, email, token };
}

export const AUTHOR = { ip: "198.51.100.7", userAgent: "Mozilla/5.0 (test author)" };

export { STAFF };

/** What an operation answered: "no error", or the AppError's code and sentence. */
export async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "no error";
  } catch (error) {
    return isAppError(error) ? error.message : String(error);
  }
}
