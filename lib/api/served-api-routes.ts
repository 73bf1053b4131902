import "server-only";
import type { ServedApiRoute } from "./api-handler";
import {
  batchAgreementsHandler,
  createAgreementHandler,
  getAgreementHandler,
  listAgreementsHandler,
} from "./routes/agreement-handlers";
import {
  changeAuthorEmailHandler,
  evidencePackHandler,
  reissueAgreementHandler,
  resendInvitationHandler,
  signedPdfHandler,
  voidAgreementHandler,
} from "./routes/correction-handlers";
import {
  createProceedingsHandler,
  deleteProceedingsHandler,
  getProceedingsHandler,
  listProceedingsHandler,
  updateProceedingsHandler,
} from "./routes/proceedings-handlers";
import { listTemplatesHandler } from "./routes/template-handlers";

/**
 * Every route of API_ROUTES (./api-routes.ts) with its handler, once: the front door serves exactly
 * these (./serve-api.ts). A route's handler sits beside its definition: lib/api/routes/<x>-handlers.ts
 * serves lib/api/routes/<x>-routes.ts. A test checks this list against API_ROUTES.
 */
export const SERVED_API_ROUTES: readonly ServedApiRoute[] = [
  createAgreementHandler,
  batchAgreementsHandler,
  listAgreementsHandler,
  getAgreementHandler,
  voidAgreementHandler,
  resendInvitationHandler,
  changeAuthorEmailHandler,
  reissueAgreementHandler,
  signedPdfHandler,
  evidencePackHandler,
  listProceedingsHandler,
  createProceedingsHandler,
  getProceedingsHandler,
  updateProceedingsHandler,
  deleteProceedingsHandler,
  listTemplatesHandler,
];
