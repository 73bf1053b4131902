import "server-only";
import type { RequestOrigin } from "@/lib/audit/audit-context";
import { db } from "@/lib/db/client";
import { pgPool, preparedStatement } from "@/lib/db/pg-pool";
import type { AgreementStatus, SignerStatus } from "@/lib/db/generated/enums";
import { recordEvent } from "@/lib/audit/record-event";
import { openSigningLink } from "./open-signing-link";
import { linkFromPass } from "./signing-link-pass";
import { storedChoiceAnswers } from "./stored-choice-answers";
import { templateChoicesSchema } from "@/lib/templates/template-definition";

type SigningPageRow = {
  agreementId: string;
  status: AgreementStatus;
  articleTitle: string;
  proceedingsName: string;
  publisherName: string;
  correspondingAuthorName: string;
  authors: string[];
  text: string;
  issuedAt: Date;
  paperId: string | null;
  /** The template version's language (a BCP 47 tag): the agreement text is in it, whatever the page's. */
  textLanguage: string;
  /** The template version's questions (TemplateChoice[]) and the answers, once given. */
  choices: unknown;
  choiceAnswers: unknown;
  signedText: string | null;
  signatureName: string | null;
  signedAt: Date | null;
  declinedAt: Date | null;
};

/**
 * What the author sees when they open their link. Reads only: see recordAgreementViewed. On a GET
 * the front door has opened the link already and passes it on (lib/agreements/signing-link-pass.ts);
 * otherwise (the page rendered after a sign or decline) the link is opened here.
 */
export async function openAgreementForSigning(
  origin: RequestOrigin,
  { token, pass }: { token: string; pass?: string | null },
) {
  const link = linkFromPass(pass, token, origin) ?? (await openSigningLink(token, "view", origin));
  // One small query in plain pg: the most-hit page skips Prisma's per-query compilation.
  const { rows } = await pgPool().query<SigningPageRow>(
    preparedStatement(
      // Columns are UTC timestamps without a zone; AT TIME ZONE makes pg read them as such.
      `SELECT a.id AS "agreementId", a.status::text AS status, a."articleTitle", p.name AS "proceedingsName",
            a."publisherName", a."correspondingAuthorName", a.authors, a.text, a."signatureName",
            a."signedAt" AT TIME ZONE 'UTC' AS "signedAt", a."declinedAt" AT TIME ZONE 'UTC' AS "declinedAt",
            a."issuedAt" AT TIME ZONE 'UTC' AS "issuedAt", a."paperId", tv.choices, tv.language AS "textLanguage", a."choiceAnswers", a."signedText"
     FROM "Agreement" a JOIN "Proceedings" p ON p.id = a."proceedingsId"
       JOIN "TemplateVersion" tv ON tv.id = a."templateVersionId" WHERE a.id = $1`,
      [link.agreementId],
    ),
  );
  const agreement = rows[0];
  if (!agreement) throw new Error(`agreement ${link.agreementId} of an open signing link is gone`);
  const signers = link.signerId ? await signersOf(link.agreementId) : [];
  return {
    ...agreement,
    choices: templateChoicesSchema.parse(agreement.choices),
    choiceAnswers: storedChoiceAnswers(agreement.choiceAnswers),
    status: agreement.status === "sent" ? ("viewed" as const) : agreement.status,
    expiresAt: link.expiresAt,
    /** Every-author agreements: who this link signs as, and where every signer stands. */
    signer: signers.find((signer) => signer.id === link.signerId) ?? null,
    signers,
  };
}

export type AgreementForSigning = Awaited<ReturnType<typeof openAgreementForSigning>>;

export type SignerOnPage = {
  id: string;
  name: string;
  email: string;
  status: SignerStatus;
  typedName: string | null;
  signedAt: Date | null;
  declinedAt: Date | null;
};

async function signersOf(agreementId: string): Promise<SignerOnPage[]> {
  const { rows } = await pgPool().query<SignerOnPage>(
    preparedStatement(
      `SELECT id, name, email, status::text AS status, "typedName", "signedAt" AT TIME ZONE 'UTC' AS "signedAt",
            "declinedAt" AT TIME ZONE 'UTC' AS "declinedAt"
     FROM "Signer" WHERE "agreementId" = $1 ORDER BY position`,
      [agreementId],
    ),
  );
  return rows;
}

/**
 * Records an opening of an agreement still open for signing as evidence (every opening counts).
 * Called when the page reports from the author's browser (a POST), never from the page's GET.
 */
export async function recordAgreementViewed(origin: RequestOrigin, { token }: { token: string }) {
  const { agreementId, author, signerId } = await openSigningLink(token, "record-view", origin);
  await db.$transaction(async (tx) => {
    const agreement = await tx.agreement.findUniqueOrThrow({ where: { id: agreementId }, select: { status: true } });
    if (agreement.status !== "sent" && agreement.status !== "viewed") return;
    if (signerId)
      await tx.signer.updateMany({
        where: { id: signerId, status: "sent" },
        data: { status: "viewed", viewedAt: new Date() },
      });
    await tx.agreement.updateMany({
      where: { id: agreementId, status: "sent" },
      data: { status: "viewed", viewedAt: new Date() },
    });
    await recordEvent(tx, author, { agreementId, type: "agreement.viewed" });
  });
}
