import { apiHandler } from "@/lib/api/api-handler";
import { issueAgreementBatch } from "@/lib/api/agreements/issue-agreement-batch";
import { batchAgreementsRoute } from "@/lib/api/routes/agreement-routes";

export const POST = apiHandler(batchAgreementsRoute, async (context, { body }) => ({
  status: 200,
  body: await issueAgreementBatch(context, body),
}));
