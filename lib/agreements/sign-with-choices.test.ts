import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { sha256Hex } from "@/lib/crypto/hashing";
import { isAppError } from "@/lib/errors/app-error";
import { AUTHOR, issueTestAgreement } from "@/test/agreement-fixtures";
import { issueChoicesAgreement, NC_ANSWERS } from "@/test/choice-fixtures";
import { openAgreementForSigning } from "./open-agreement-for-signing";
import { signAgreement } from "./sign-agreement";

async function refusalOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) return { code: error.code, fieldErrors: error.fieldErrors };
    throw error;
  }
  throw new Error("expected a refusal");
}

const sign = (token: string, choices?: Parameters<typeof signAgreement>[1]["choices"]) =>
  signAgreement(AUTHOR, { token, typedName: "Zhang Haoyang", choices });

describe("signing an agreement whose template asks the author to choose", () => {
  it("refuses a signature without answers, one sentence per question, and records nothing", async () => {
    const { agreement, token } = await issueChoicesAgreement();
    const refused = await refusalOf(sign(token));
    expect(refused.code).toBe("INVALID_INPUT");
    expect(refused.fieldErrors).toEqual({
      "choice.licence": "Choose an answer to “Under which licence will the article be published?”.",
      "choice.work_status": "Choose an answer to “Is the work a government work?”.",
      "choice.third_party": "Choose an answer to “Does the article contain third-party material?”.",
    });
    const stored = await db.agreement.findUniqueOrThrow({ where: { id: agreement.id } });
    expect(stored).toMatchObject({ status: "sent", choiceAnswers: null, signedText: null, signatureName: null });
    expect(await db.auditEvent.count({ where: { agreementId: agreement.id, type: "agreement.signed" } })).toBe(0);
  });

  it("refuses an unknown answer, a missing description and one that is too long, each on its field", async () => {
    const { token } = await issueChoicesAgreement();
    const refused = await refusalOf(
      sign(token, {
        licence: { value: "public-domain" },
        work_status: { value: "none" },
        third_party: { value: "permission", detail: "   " },
      }),
    );
    expect(refused.fieldErrors).toEqual({
      "choice.licence":
        "“public-domain” is not one of the answers to “Under which licence will the article be published?”. Choose one of those listed.",
      "choice.third_party.permission.detail":
        "You chose “Yes, with permission obtained”: fill in “Which material, and from whom”.",
    });
    const tooLong = await refusalOf(
      sign(token, { ...NC_ANSWERS, third_party: { value: "permission", detail: "x".repeat(201) } }),
    );
    expect(tooLong.fieldErrors).toEqual({
      "choice.third_party.permission.detail":
        "“Which material, and from whom” must be at most 200 characters (it has 201).",
    });
  });

  it("signs the issued text with the chosen clauses in place of the questions, and records its hash and the answers", async () => {
    const { agreement, token } = await issueChoicesAgreement({ articleTitle: "Sparse & Dense" });
    await sign(token, NC_ANSWERS);
    const stored = await db.agreement.findUniqueOrThrow({ where: { id: agreement.id } });
    expect(stored.text).toContain("{{choice:licence}}");
    const publisher = stored.publisherName;
    expect(stored.signedText).toBe(
      [
        "LICENCE TO PUBLISH",
        "Article: Sparse & Dense",
        "1. The Author warrants that the article is original.",
        `The Author grants ${publisher} a licence to publish “Sparse & Dense” under the Creative Commons Attribution-NonCommercial 4.0 International licence (CC BY-NC 4.0).`,
        "2. The Author keeps the copyright.",
        "The Author has obtained permission to reproduce the third-party material in the article.",
        "Which material, and from whom: Figure 2, from Smith & Wesson (2019)",
        "I HAVE READ AND AGREE FULLY WITH THE TERMS OF THIS AGREEMENT.",
      ].join("\n"),
    );
    expect(stored.signedTextSha256).toBe(sha256Hex(stored.signedText!));
    expect(stored.textSha256).toBe(sha256Hex(stored.text));
    const answers = [
      {
        key: "licence",
        question: "Under which licence will the article be published?",
        value: "cc-by-nc-4.0",
        label: "CC BY-NC 4.0",
      },
      { key: "work_status", question: "Is the work a government work?", value: "none", label: "No" },
      {
        key: "third_party",
        question: "Does the article contain third-party material?",
        value: "permission",
        label: "Yes, with permission obtained",
        detail: "Figure 2, from Smith & Wesson (2019)",
      },
    ];
    expect(stored.choiceAnswers).toEqual(answers);
    const event = await db.auditEvent.findFirstOrThrow({
      where: { agreementId: agreement.id, type: "agreement.signed" },
    });
    expect(event.data).toMatchObject({
      typedName: "Zhang Haoyang",
      choiceAnswers: answers,
      signedTextSha256: stored.signedTextSha256,
      textSha256: stored.textSha256,
    });
    const page = await openAgreementForSigning(AUTHOR, { token });
    expect(page).toMatchObject({ status: "signed", signedText: stored.signedText, choiceAnswers: answers });
  });

  it("a replayed signature cannot change the answers, nor can any later write", async () => {
    const { agreement, token } = await issueChoicesAgreement();
    await sign(token, NC_ANSWERS);
    const first = await db.agreement.findUniqueOrThrow({ where: { id: agreement.id } });
    const replay = await refusalOf(sign(token, { ...NC_ANSWERS, licence: { value: "exclusive" } }));
    expect(replay.code).toBe("ALREADY_SIGNED");
    await expect(db.agreement.update({ where: { id: agreement.id }, data: { choiceAnswers: [] } })).rejects.toThrow(
      /are final/,
    );
    await expect(
      db.agreement.update({ where: { id: agreement.id }, data: { signedText: "something else" } }),
    ).rejects.toThrow(/are final/);
    const after = await db.agreement.findUniqueOrThrow({ where: { id: agreement.id } });
    expect(after.choiceAnswers).toEqual(first.choiceAnswers);
    expect(after.signedText).toBe(first.signedText);
    expect(await db.auditEvent.count({ where: { agreementId: agreement.id, type: "agreement.signed" } })).toBe(1);
  });

  it("an agreement whose template asks nothing signs as before: no answers, no separate signed text", async () => {
    const { agreement, token } = await issueTestAgreement();
    await sign(token, NC_ANSWERS);
    const stored = await db.agreement.findUniqueOrThrow({ where: { id: agreement.id } });
    expect(stored).toMatchObject({ status: "signed", choiceAnswers: null, signedText: null, signedTextSha256: null });
    const event = await db.auditEvent.findFirstOrThrow({
      where: { agreementId: agreement.id, type: "agreement.signed" },
    });
    expect(Object.keys(event.data as object).sort()).toEqual(["signedAt", "textSha256", "typedName"]);
  });
});
