import type { ApiRouteDefinition } from "./define-api-route";
import {
  batchAgreementsRoute,
  createAgreementRoute,
  getAgreementRoute,
  listAgreementsRoute,
} from "./routes/agreement-routes";
import {
  changeAuthorEmailRoute,
  evidencePackRoute,
  reissueAgreementRoute,
  resendInvitationRoute,
  signedPdfRoute,
  voidAgreementRoute,
} from "./routes/correction-routes";
import {
  createProceedingsRoute,
  deleteProceedingsRoute,
  getProceedingsRoute,
  listProceedingsRoute,
  updateProceedingsRoute,
} from "./routes/proceedings-routes";
import { listTemplatesRoute } from "./routes/template-routes";

/**
 * Every REST API route, once: the OpenAPI document is made from this list, and a test checks that
 * the front door serves exactly these (lib/api/served-api-routes.ts). A new route is defined in
 * lib/api/routes/<x>-routes.ts, listed here, and served by `apiHandler(definition, handler)` in
 * lib/api/routes/<x>-handlers.ts, listed in SERVED_API_ROUTES.
 */
export const API_ROUTES: readonly ApiRouteDefinition[] = [
  createAgreementRoute,
  batchAgreementsRoute,
  listAgreementsRoute,
  getAgreementRoute,
  voidAgreementRoute,
  resendInvitationRoute,
  changeAuthorEmailRoute,
  reissueAgreementRoute,
  signedPdfRoute,
  evidencePackRoute,
  listProceedingsRoute,
  createProceedingsRoute,
  getProceedingsRoute,
  updateProceedingsRoute,
  deleteProceedingsRoute,
  listTemplatesRoute,
];
