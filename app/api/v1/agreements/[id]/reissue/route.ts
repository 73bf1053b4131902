import { apiHandler } from "@/lib/api/api-handler";
import { unprocessableOnInvalid } from "@/lib/api/unprocessable";
import { agreementResourceById } from "@/lib/api/agreements/agreement-resource-by-id";
import { reissueAgreementRoute } from "@/lib/api/routes/correction-routes";
import { reissueAgreement } from "@/lib/agreements/corrections/reissue-agreement";

export const POST = apiHandler(reissueAgreementRoute, async (context, { params, body }) => {
  const { agreement, supersedes, voidedPrevious } = await unprocessableOnInvalid(
    reissueAgreement(context, { agreementId: params.id, changes: body }),
  );
  return {
    status: 201,
    headers: { Location: `/api/v1/agreements/${agreement.id}` },
    body: { agreement: await agreementResourceById(agreement.id), supersedes, voidedPrevious },
  };
});
