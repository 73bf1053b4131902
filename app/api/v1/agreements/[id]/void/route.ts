import { apiHandler } from "@/lib/api/api-handler";
import { agreementResourceById } from "@/lib/api/agreements/agreement-resource-by-id";
import { voidAgreementRoute } from "@/lib/api/routes/correction-routes";
import { voidAgreement } from "@/lib/agreements/corrections/void-agreement";

export const POST = apiHandler(voidAgreementRoute, async (context, { params, body }) => {
  await voidAgreement(context, { agreementId: params.id, reason: body.reason });
  return { status: 200, body: await agreementResourceById(params.id) };
});
