import { apiHandler } from "@/lib/api/api-handler";
import { agreementResourceById } from "@/lib/api/agreements/agreement-resource-by-id";
import { resendInvitationRoute } from "@/lib/api/routes/correction-routes";
import { resendInvitation } from "@/lib/agreements/corrections/resend-invitation";

export const POST = apiHandler(resendInvitationRoute, async (context, { params, body }) => {
  const result = await resendInvitation(context, { agreementId: params.id, signerId: body.signerId });
  return {
    status: 200,
    body: {
      resent: result.resent,
      linkExpiresAt: result.linkExpiresAt?.toISOString() ?? null,
      agreement: await agreementResourceById(params.id),
    },
  };
});
