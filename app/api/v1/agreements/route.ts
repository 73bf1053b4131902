import { apiHandler } from "@/lib/api/api-handler";
import { createAgreementOnce } from "@/lib/api/agreements/create-agreement-once";
import { listAgreementsPage } from "@/lib/api/agreements/read-agreements";
import { createAgreementRoute, listAgreementsRoute } from "@/lib/api/routes/agreement-routes";

export const POST = apiHandler(createAgreementRoute, async (context, { body, headers }, { caller, json }) => {
  const key = headers["idempotency-key"];
  const idempotency = key ? { tokenId: caller.tokenId, key, requestBody: json } : null;
  const created = await createAgreementOnce(context, body, idempotency);
  return {
    status: created.status,
    body: created.agreement,
    read: created.replayed,
    agreementId: created.agreement.id,
    headers: {
      Location: `/api/v1/agreements/${created.agreement.id}`,
      ...(created.replayed && { "Idempotent-Replayed": "true" }),
    },
  };
});

export const GET = apiHandler(listAgreementsRoute, async (_context, { query }) => ({
  status: 200,
  body: await listAgreementsPage(query),
}));
