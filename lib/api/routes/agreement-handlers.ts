import "server-only";
import { apiHandler } from "../api-handler";
import { createAgreementOnce } from "../agreements/create-agreement-once";
import { issueAgreementBatch } from "../agreements/issue-agreement-batch";
import { getAgreementWithEvents, listAgreementsPage } from "../agreements/read-agreements";
import { batchAgreementsRoute, createAgreementRoute, getAgreementRoute, listAgreementsRoute } from "./agreement-routes";

// The handlers of ./agreement-routes.ts's routes, served by the front door (lib/api/served-api-routes.ts).

export const createAgreementHandler = apiHandler(
  createAgreementRoute,
  async (context, { body, headers }, { caller, json }) => {
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
  },
);

export const listAgreementsHandler = apiHandler(listAgreementsRoute, async (_context, { query }) => ({
  status: 200,
  body: await listAgreementsPage(query),
}));

export const getAgreementHandler = apiHandler(getAgreementRoute, async (_context, { params }) => ({
  status: 200,
  body: await getAgreementWithEvents(params.id),
  agreementId: params.id,
}));

export const batchAgreementsHandler = apiHandler(batchAgreementsRoute, async (context, { body }) => ({
  status: 200,
  body: await issueAgreementBatch(context, body),
}));
