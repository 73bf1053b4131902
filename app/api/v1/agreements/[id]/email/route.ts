import { apiHandler } from "@/lib/api/api-handler";
import { unprocessableOnInvalid } from "@/lib/api/unprocessable";
import { agreementResourceById } from "@/lib/api/agreements/agreement-resource-by-id";
import { changeAuthorEmailRoute } from "@/lib/api/routes/correction-routes";
import { changeAuthorEmail } from "@/lib/agreements/corrections/change-author-email";

export const POST = apiHandler(changeAuthorEmailRoute, async (context, { params, body }) => {
  const result = await unprocessableOnInvalid(
    changeAuthorEmail(context, {
      agreementId: params.id,
      newEmail: body.email,
      signerId: body.signerId,
    }),
  );
  return {
    status: 200,
    body: {
      from: result.from,
      to: result.to,
      linkExpiresAt: result.linkExpiresAt.toISOString(),
      agreement: await agreementResourceById(params.id),
    },
  };
});
