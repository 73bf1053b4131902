import "server-only";
import { changeAuthorEmail } from "@/lib/agreements/corrections/change-author-email";
import { reissueAgreement } from "@/lib/agreements/corrections/reissue-agreement";
import { resendInvitation } from "@/lib/agreements/corrections/resend-invitation";
import { voidAgreement } from "@/lib/agreements/corrections/void-agreement";
import { downloadSignedPdf } from "@/lib/agreements/download-signed-pdf";
import { downloadEvidencePack } from "@/lib/exports/evidence-pack";
import { downloadResponse } from "@/lib/http/download-response";
import { pdfResponse } from "@/lib/http/pdf-response";
import { apiHandler } from "../api-handler";
import { agreementResourceById } from "../agreements/agreement-resource-by-id";
import { unprocessableOnInvalid } from "../unprocessable";
import {
  changeAuthorEmailRoute,
  evidencePackRoute,
  reissueAgreementRoute,
  resendInvitationRoute,
  signedPdfRoute,
  voidAgreementRoute,
} from "./correction-routes";

// The handlers of ./correction-routes.ts's routes, served by the front door (lib/api/served-api-routes.ts).

export const voidAgreementHandler = apiHandler(voidAgreementRoute, async (context, { params, body }) => {
  await voidAgreement(context, { agreementId: params.id, reason: body.reason });
  return { status: 200, body: await agreementResourceById(params.id) };
});

export const resendInvitationHandler = apiHandler(resendInvitationRoute, async (context, { params, body }) => {
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

export const changeAuthorEmailHandler = apiHandler(changeAuthorEmailRoute, async (context, { params, body }) => {
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

export const reissueAgreementHandler = apiHandler(reissueAgreementRoute, async (context, { params, body }) => {
  const { agreement, supersedes, voidedPrevious } = await unprocessableOnInvalid(
    reissueAgreement(context, { agreementId: params.id, changes: body }),
  );
  return {
    status: 201,
    headers: { Location: `/api/v1/agreements/${agreement.id}` },
    body: { agreement: await agreementResourceById(agreement.id), supersedes, voidedPrevious },
  };
});

// The staff download's operation and response: logged as pdf.downloaded under the token's name.
export const signedPdfHandler = apiHandler(signedPdfRoute, async (context, { params }) =>
  pdfResponse(await downloadSignedPdf(context, { agreementId: params.id })),
);

// The staff download's operation and response: logged as evidence.downloaded under the token's name.
export const evidencePackHandler = apiHandler(evidencePackRoute, async (context, { params }) => {
  const pack = await downloadEvidencePack(context, { agreementId: params.id });
  return downloadResponse({ bytes: pack.zip, fileName: pack.fileName, contentType: "application/zip" });
});
