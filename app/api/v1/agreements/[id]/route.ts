import { apiHandler } from "@/lib/api/api-handler";
import { getAgreementWithEvents } from "@/lib/api/agreements/read-agreements";
import { getAgreementRoute } from "@/lib/api/routes/agreement-routes";

export const GET = apiHandler(getAgreementRoute, async (_context, { params }) => ({
  status: 200,
  body: await getAgreementWithEvents(params.id),
  agreementId: params.id,
}));
