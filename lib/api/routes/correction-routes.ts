import { z } from "zod";
import { defineApiRoute } from "../define-api-route";
import { agreementIdParams, agreementResource } from "../agreements/agreement-schemas";
import {
  changeAuthorEmailBody,
  changeEmailResult,
  reissueAgreementBody,
  reissueResult,
  resendInvitationBody,
  resendResult,
  voidAgreementBody,
} from "../agreements/correction-schemas";

// What staff do on an agreement's page, through the API: the same operations, the same permissions.

export const voidAgreementRoute = defineApiRoute({
  method: "POST",
  path: "/agreements/{id}/void",
  operationId: "voidAgreement",
  tag: "Agreements",
  permission: "agreements.correct",
  summary: "Void an agreement that is not signed",
  description: "Withdraws it with a reason; its signing links stop working. A signed agreement is final (409).",
  params: agreementIdParams,
  body: voidAgreementBody,
  responses: { 200: { description: "The agreement, now voided.", schema: agreementResource } },
  problems: [404, 409],
});

export const resendInvitationRoute = defineApiRoute({
  method: "POST",
  path: "/agreements/{id}/resend",
  operationId: "resendInvitation",
  tag: "Agreements",
  permission: "agreements.correct",
  summary: "Email the signing invitation again",
  description: "A new link to the same agreement with the same deadline; the old link stops working.",
  params: agreementIdParams,
  body: resendInvitationBody,
  responses: { 200: { description: "Whether it was resent, and the link's deadline.", schema: resendResult } },
  problems: [404, 409, 410],
});

export const changeAuthorEmailRoute = defineApiRoute({
  method: "POST",
  path: "/agreements/{id}/email",
  operationId: "changeAuthorEmail",
  tag: "Agreements",
  permission: "agreements.correct",
  summary: "Change the corresponding author's email",
  description: "Sends the invitation to the corrected address and revokes the links sent to the old one.",
  params: agreementIdParams,
  body: changeAuthorEmailBody,
  responses: { 200: { description: "From which address to which.", schema: changeEmailResult } },
  problems: [404, 409, 410],
});

export const reissueAgreementRoute = defineApiRoute({
  method: "POST",
  path: "/agreements/{id}/reissue",
  operationId: "reissueAgreement",
  tag: "Agreements",
  permission: "agreements.correct",
  summary: "Issue a new agreement in place of this one",
  description:
    "For a declined, expired or voided agreement, or an open one whose title or authors must change (it is voided).",
  params: agreementIdParams,
  body: reissueAgreementBody,
  responses: {
    201: {
      description: "The new agreement, and which it replaces.",
      schema: reissueResult,
      headers: { Location: { description: "The new agreement.", schema: z.string() } },
    },
  },
  problems: [404, 409],
});

export const signedPdfRoute = defineApiRoute({
  method: "GET",
  path: "/agreements/{id}/pdf",
  operationId: "downloadSignedPdf",
  tag: "Agreements",
  permission: "exports.download",
  summary: "The sealed PDF of a signed agreement",
  description: "The newest sealed version, as staff download it. 409 while it is not signed or not yet sealed.",
  params: agreementIdParams,
  responses: {
    200: {
      description: "The sealed PDF.",
      contentType: "application/pdf",
      headers: { "X-Content-SHA256": { description: "SHA-256 (hex) of the PDF.", schema: z.string() } },
    },
  },
  problems: [404, 409],
});

export const evidencePackRoute = defineApiRoute({
  method: "GET",
  path: "/agreements/{id}/evidence",
  operationId: "downloadEvidencePack",
  tag: "Agreements",
  permission: "exports.download",
  summary: "The agreement's evidence pack",
  description:
    "A ZIP: the frozen text, every audit event with its hashes, the chain's state, the sealed PDF when there is one.",
  params: agreementIdParams,
  responses: { 200: { description: "The evidence pack.", contentType: "application/zip" } },
  problems: [404],
});
