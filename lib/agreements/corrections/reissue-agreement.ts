import "server-only";
import type { AuditContext } from "@/lib/audit/audit-context";
import { db } from "@/lib/db/client";
import { recordEvent } from "@/lib/audit/record-event";
import { AppError } from "@/lib/errors/app-error";
import { OPEN_FOR_SIGNING } from "@/lib/agreements/agreement-states";
import { parseOrRefuse, reissueChangesInput, type ReissueChanges } from "./correction-inputs";
import { createAgreementInTx } from "@/lib/agreements/create-agreement-in-tx";
import { authorEmailProblem, splitAuthorEntries } from "@/lib/agreements/author-entry";
import { lockAgreement, revokeOpenLinks, type LockedAgreement } from "./lock-agreement";
import { voidLockedAgreement } from "./void-agreement";

export const REPLACED_REASON = "Replaced by a reissued agreement";
// What the author signs or signs for; the email alone is changed without a new agreement.
const SIGNED_CONTENT = ["articleTitle", "correspondingAuthorName", "authors", "authorEmails"] as const;

export type ReissueRequest = { agreementId: string; changes?: ReissueChanges };

/**
 * Issues a new agreement in place of one that was declined, expired or voided, or of an open one
 * whose signed content (title, author's name, authors) must change, which is then voided. The new
 * agreement is rendered afresh, takes over the paper id, and points back with supersedesId; one
 * agreement is replaced at most once, so of simultaneous reissues exactly one succeeds. The new
 * agreement names the context's staff member as its issuer.
 */
export async function reissueAgreement(context: AuditContext, { agreementId, changes = {} }: ReissueRequest) {
  const wanted = parseOrRefuse(reissueChangesInput, changes);
  return db.$transaction(async (tx) => {
    const old = await lockAgreement(tx, agreementId);
    assertReissuable(old);
    const next = {
      articleTitle: wanted.articleTitle ?? old.articleTitle,
      correspondingAuthorName: wanted.correspondingAuthorName ?? old.correspondingAuthorName,
      correspondingAuthorEmail: wanted.correspondingAuthorEmail ?? old.correspondingAuthorEmail,
      ...(wanted.authors
        ? splitAuthorEntries(wanted.authors)
        : { authors: old.authors, authorEmails: old.authorEmails }),
    };
    if (!next.authors.some((author) => author.toLowerCase() === next.correspondingAuthorName.toLowerCase())) {
      throw new AppError("INVALID_INPUT", { userMessage: "Include the corresponding author in All authors." });
    }
    const entries = next.authors.map((name, index) => ({ name, email: next.authorEmails[index] || null }));
    const emailProblem = authorEmailProblem(entries, {
      name: next.correspondingAuthorName,
      email: next.correspondingAuthorEmail,
    });
    if (emailProblem) throw new AppError("INVALID_INPUT", { userMessage: emailProblem });
    const changed = (Object.keys(next) as (keyof typeof next)[]).filter(
      (field) => JSON.stringify(next[field]) !== JSON.stringify(old[field]),
    );
    const open = OPEN_FOR_SIGNING.includes(old.status);
    if (open && !changed.some((field) => (SIGNED_CONTENT as readonly string[]).includes(field))) {
      throw new AppError("NOTHING_TO_CHANGE", {
        userMessage:
          "This agreement is still open and what the author signs is unchanged: " +
          "resend the invitation or change the author's email instead of reissuing it.",
      });
    }
    const at = new Date();
    const revokedLinkIds = open
      ? (await voidLockedAgreement(tx, context, { agreementId, reason: REPLACED_REASON, at })).revokedLinkIds
      : await revokeOpenLinks(tx, agreementId, at);
    // (proceedingsId, paperId) is unique: the old agreement lets go of the paper before the new one takes it.
    if (old.paperId) await tx.agreement.update({ where: { id: agreementId }, data: { paperId: null } });
    const { agreement } = await createAgreementInTx(tx, context, {
      ...next,
      language: old.language,
      proceedings: old.proceedings,
      paperId: old.paperId,
      supersedesId: old.id,
      issuedAt: at,
      eventData: { supersedes: old.id, changed },
    });
    await recordEvent(tx, context, {
      agreementId,
      type: "agreement.reissued",
      data: { supersededBy: agreement.id, changed, previousStatus: old.status, revokedLinkIds },
    });
    return { agreement, supersedes: old.id, voidedPrevious: open };
  });
}

function assertReissuable(old: LockedAgreement) {
  if (old.status === "signed") {
    throw new AppError("AGREEMENT_FINAL", { userMessage: "A signed agreement is final; it cannot be reissued." });
  }
  if (old.supersededBy) {
    const newer = old.supersededBy.id;
    throw new AppError("ALREADY_REISSUED", {
      userMessage: `This agreement has already been reissued as agreement ${newer}; reissue that one instead.`,
    });
  }
}
