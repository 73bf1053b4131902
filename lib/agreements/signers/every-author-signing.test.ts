import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { emailForDelivery } from "@/lib/mail/outbox";
import { taskList } from "@/lib/worker/task-list";
import { defaultTemplate } from "@/lib/agreements/agreement-template";
import { declineAgreement } from "@/lib/agreements/decline-agreement";
import { openAgreementForSigning } from "@/lib/agreements/open-agreement-for-signing";
import { signAgreement } from "@/lib/agreements/sign-agreement";
import { AUTHOR, issueTestAgreement } from "@/test/agreement-fixtures";
import { runQueuedJobs } from "@/test/run-queued-jobs";
import { storeTestTemplateVersion } from "@/test/template-fixtures";
import { parseAgreementQuery } from "@/lib/agreements/search/agreement-query";
import { exportAgreements } from "@/lib/exports/export-agreements";
import { STAFF } from "@/test/contexts";
import { smtpSinkForThisFile } from "@/test/mail-sink";

const smtpSink = smtpSinkForThisFile();

const TOKEN = /\/sign\/([A-Za-z0-9_-]{43})/;
const THREE_AUTHORS =
  "Ada Lovelace <ada@example.org>\nCharles Babbage <charles@example.org>\nMary Somerville <mary@example.org>";
let volumes = 0;

/** An agreement with three authors, each with an email, in a volume whose template is every-author. */
async function everyAuthorAgreement(authors = THREE_AUTHORS) {
  const volume = `Every-author volume ${++volumes}`;
  await storeTestTemplateVersion(
    { key: `every-author-${volumes}`, body: defaultTemplate().body, signers: "every_author" },
    { volume },
  );
  const { agreement } = await issueTestAgreement({
    proceedings: volume,
    articleTitle: `Analytical Engines ${volumes}`,
    correspondingAuthorName: "Ada Lovelace",
    correspondingAuthorEmail: "ada@example.org",
    authors,
  });
  const invitations = await db.emailMessage.findMany({ where: { agreementId: agreement.id, kind: "invitation" } });
  const tokenOf = (to: string) => {
    const email = invitations.find((invitation) => invitation.to === to);
    if (!email) throw new Error(`no invitation to ${to}`);
    return TOKEN.exec(emailForDelivery(email).text)![1];
  };
  return { agreement, invitations, tokenOf };
}

const statusOf = async (id: string) => (await db.agreement.findUniqueOrThrow({ where: { id } })).status;
const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => "no error",
    (error: { code?: string }) => error.code ?? String(error),
  );
const from = (ip: string) => ({ ip, userAgent: `Browser of ${ip}` });

function pdfText(pdf: Uint8Array): string {
  const file = join(mkdtempSync(join(tmpdir(), "every-author-")), "signed.pdf");
  writeFileSync(file, pdf);
  return execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
}

describe("every author signs", () => {
  it("invites each author with an email on a link of their own", async () => {
    const { agreement, invitations } = await everyAuthorAgreement(
      "Ada Lovelace\nCharles Babbage <charles@example.org>\nMary Somerville",
    );
    expect(invitations.map((email) => email.to).sort()).toEqual(["ada@example.org", "charles@example.org"]);
    const signers = await db.signer.findMany({ where: { agreementId: agreement.id }, orderBy: { position: "asc" } });
    expect(signers.map(({ name, email, position }) => ({ name, email, position }))).toEqual([
      { name: "Ada Lovelace", email: "ada@example.org", position: 0 },
      { name: "Charles Babbage", email: "charles@example.org", position: 1 },
    ]);
    expect(await db.signingLink.count({ where: { agreementId: agreement.id, signerId: { not: null } } })).toBe(2);
  });

  it("completes only after the third signature and seals once with one line per signer", async () => {
    const { agreement, tokenOf } = await everyAuthorAgreement();
    await signAgreement(from("203.0.113.1"), { token: tokenOf("charles@example.org"), typedName: "Charles Babbage" });
    expect(await statusOf(agreement.id)).toBe("sent");
    await signAgreement(from("203.0.113.2"), { token: tokenOf("ada@example.org"), typedName: "Ada Lovelace" });
    expect(await statusOf(agreement.id)).toBe("sent");
    const page = await openAgreementForSigning(AUTHOR, { token: tokenOf("mary@example.org") });
    expect(page.signer).toMatchObject({ name: "Mary Somerville", email: "mary@example.org", status: "sent" });
    expect(page.signers.map((signer) => [signer.name, signer.status])).toEqual([
      ["Ada Lovelace", "signed"],
      ["Charles Babbage", "signed"],
      ["Mary Somerville", "sent"],
    ]);
    expect(await db.emailMessage.count({ where: { agreementId: agreement.id, kind: "coauthor_notice" } })).toBe(0);

    await signAgreement(from("203.0.113.3"), { token: tokenOf("mary@example.org"), typedName: "Mary Somerville" });
    const signed = await db.agreement.findUniqueOrThrow({ where: { id: agreement.id } });
    expect(signed).toMatchObject({ status: "signed", sealStatus: "pending", signatureName: "Ada Lovelace" });
    const types = (await db.auditEvent.findMany({ where: { agreementId: agreement.id }, orderBy: { id: "asc" } })).map(
      (event) => event.type,
    );
    expect(types.filter((type) => type === "signer.signed")).toHaveLength(3);
    expect(types.filter((type) => type === "agreement.signed")).toHaveLength(1);

    await runQueuedJobs(taskList);
    await runQueuedJobs(taskList);
    const document = await db.signedDocument.findUniqueOrThrow({ where: { agreementId: agreement.id } });
    expect(await db.auditEvent.count({ where: { agreementId: agreement.id, type: "agreement.sealed" } })).toBe(1);
    const text = pdfText(document.pdf);
    const lines = text.split("\n").filter((line) => /Signer \d/.test(line));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      /Signer 1\s+Ada Lovelace · ada@example\.org · \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC · IP 203\.0\.113\.2/,
    );
    expect(lines[1]).toMatch(/Signer 2\s+Charles Babbage · charles@example\.org · .* UTC · IP 203\.0\.113\.1/);
    expect(lines[2]).toMatch(/Signer 3\s+Mary Somerville · mary@example\.org · .* UTC · IP 203\.0\.113\.3/);
  });

  it("counts a replayed or parallel signature by the same signer once", async () => {
    const { agreement, tokenOf } = await everyAuthorAgreement();
    const token = tokenOf("charles@example.org");
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => codeOf(signAgreement(AUTHOR, { token, typedName: "Charles Babbage" }))),
    );
    expect(answers.filter((answer) => answer === "no error")).toHaveLength(1);
    expect(answers.filter((answer) => answer !== "no error")).toEqual([
      "ALREADY_SIGNED",
      "ALREADY_SIGNED",
      "ALREADY_SIGNED",
    ]);
    expect(await codeOf(signAgreement(AUTHOR, { token, typedName: "Charles Babbage" }))).toBe("ALREADY_SIGNED");
    expect(await db.auditEvent.count({ where: { agreementId: agreement.id, type: "signer.signed" } })).toBe(1);
    expect(await statusOf(agreement.id)).toBe("sent");
  });

  it("completes exactly once when the last two signers sign at the same moment", async () => {
    const { agreement, tokenOf } = await everyAuthorAgreement();
    await signAgreement(AUTHOR, { token: tokenOf("ada@example.org"), typedName: "Ada Lovelace" });
    await Promise.all([
      signAgreement(AUTHOR, { token: tokenOf("charles@example.org"), typedName: "Charles Babbage" }),
      signAgreement(AUTHOR, { token: tokenOf("mary@example.org"), typedName: "Mary Somerville" }),
    ]);
    expect(await statusOf(agreement.id)).toBe("signed");
    expect(await db.auditEvent.count({ where: { agreementId: agreement.id, type: "agreement.signed" } })).toBe(1);
    expect(await db.emailMessage.count({ where: { agreementId: agreement.id, kind: "coauthor_notice" } })).toBe(2);
  });

  it("declines as soon as one author declines, and the others' links can no longer sign", async () => {
    const { agreement, tokenOf } = await everyAuthorAgreement();
    await signAgreement(AUTHOR, { token: tokenOf("ada@example.org"), typedName: "Ada Lovelace" });
    await declineAgreement(AUTHOR, { token: tokenOf("charles@example.org"), reason: "I did not write this." });
    expect(await statusOf(agreement.id)).toBe("declined");
    const refused = signAgreement(AUTHOR, { token: tokenOf("mary@example.org"), typedName: "Mary Somerville" });
    await expect(refused).rejects.toMatchObject({
      code: "ALREADY_DECLINED",
      userMessage: "Another author has declined this agreement, so it can no longer be signed.",
    });
    const page = await openAgreementForSigning(AUTHOR, { token: tokenOf("mary@example.org") });
    expect(page.status).toBe("declined");
    expect(page.signers.find((signer) => signer.name === "Charles Babbage")?.status).toBe("declined");
    expect(await db.emailMessage.count({ where: { agreementId: agreement.id, kind: "coauthor_notice" } })).toBe(0);
  });
});

describe("the staff list's exports of an every-author agreement", () => {
  it("name each signer, with the time and typed name of those who signed", async () => {
    const { agreement, tokenOf } = await everyAuthorAgreement();
    await signAgreement(from("192.0.2.10"), { token: tokenOf("ada@example.org"), typedName: "Ada Lovelace" });
    await signAgreement(from("192.0.2.11"), { token: tokenOf("charles@example.org"), typedName: "C. Babbage" });
    const query = parseAgreementQuery({ volume: agreement.proceedingsId });
    const exported = JSON.parse(
      new TextDecoder().decode((await exportAgreements(STAFF, { query, format: "json" })).bytes),
    ) as { signers: string }[];
    const signers = await db.signer.findMany({ where: { agreementId: agreement.id }, orderBy: { position: "asc" } });
    expect(exported.map((row) => row.signers)).toEqual([
      `Ada Lovelace <ada@example.org>: signed ${signers[0].signedAt!.toISOString()} as “Ada Lovelace”; ` +
        `Charles Babbage <charles@example.org>: signed ${signers[1].signedAt!.toISOString()} as “C. Babbage”; ` +
        "Mary Somerville <mary@example.org>: sent",
    ]);
  });
});

describe("co-authors are told when the agreement is signed", () => {
  async function noticesOf(agreementId: string) {
    await runQueuedJobs(taskList);
    const queued = await db.emailMessage.findMany({ where: { agreementId, kind: "coauthor_notice" } });
    return queued.map((email) => ({
      to: email.to,
      received: smtpSink().mails.filter(
        (mail) => JSON.stringify(mail.to).includes(email.to) && mail.subject === email.subject,
      ),
      text: email.text,
    }));
  }

  it("in corresponding-author mode: each co-author with an email, once, not the signer", async () => {
    const { agreement, token } = await issueTestAgreement({
      articleTitle: "Notices in corresponding mode",
      authors: [
        "Zhang Haoyang <haoyang@example.org>",
        "Zhang Zhongang <zhongang@example.org>",
        "Li Wei",
        "Wang Fang <fang@example.org>",
      ].join("\n"),
    });
    await signAgreement(AUTHOR, { token, typedName: "Zhang Haoyang" });
    const signed = await db.agreement.findUniqueOrThrow({ where: { id: agreement.id } });
    const notices = await noticesOf(agreement.id);
    expect(notices.map((notice) => notice.to).sort()).toEqual(["fang@example.org", "zhongang@example.org"]);
    for (const notice of notices) expect(notice.received).toHaveLength(1);
    const text = notices.find((notice) => notice.to === "zhongang@example.org")!.text;
    expect(text).toContain("Dear Zhang Zhongang,");
    expect(text).toContain("signed on behalf of all its authors, including you, by Zhang Haoyang");
    expect(text).toContain(signed.signedAt!.toISOString().slice(0, 16).replace("T", " ") + " UTC");
    expect(text).toContain(`SHA-256 ${signed.textSha256}`);
    expect(text).toContain("write to the publisher at no-reply@imprimatur.localhost");
    const queuedEvents = await db.auditEvent.findMany({ where: { agreementId: agreement.id, type: "email.queued" } });
    expect(queuedEvents.filter((event) => (event.data as { kind?: string }).kind === "coauthor_notice")).toHaveLength(
      2,
    );
  });

  it("in every-author mode: on completion, each co-author once, naming every signature", async () => {
    const { agreement, tokenOf } = await everyAuthorAgreement();
    for (const [email, name] of [
      ["ada@example.org", "Ada Lovelace"],
      ["charles@example.org", "Charles Babbage"],
      ["mary@example.org", "Mary Somerville"],
    ])
      await signAgreement(AUTHOR, { token: tokenOf(email), typedName: name });
    const signed = await db.agreement.findUniqueOrThrow({ where: { id: agreement.id } });
    const notices = await noticesOf(agreement.id);
    expect(notices.map((notice) => notice.to).sort()).toEqual(["charles@example.org", "mary@example.org"]);
    for (const notice of notices) expect(notice.received).toHaveLength(1);
    const text = notices.find((notice) => notice.to === "mary@example.org")!.text;
    expect(text).toContain("Every author has now signed");
    expect(text).toMatch(/Ada Lovelace \(signed as “Ada Lovelace”, .* UTC\); Charles Babbage .*; Mary Somerville/);
    expect(text).toContain(`SHA-256 ${signed.textSha256}`);
  });

  it("tells nobody when no co-author's email is known (as before)", async () => {
    const { agreement, token } = await issueTestAgreement({ articleTitle: "No emails known" });
    await signAgreement(AUTHOR, { token, typedName: "Zhang Haoyang" });
    expect(await db.emailMessage.count({ where: { agreementId: agreement.id, kind: "coauthor_notice" } })).toBe(0);
    expect(await db.signer.count({ where: { agreementId: agreement.id } })).toBe(0);
  });
});

describe("every author signs an agreement whose template asks the author's choices", () => {
  it("records the answers of the first signature once; the others sign that same text", async () => {
    const volume = `Every-author choices volume ${++volumes}`;
    await storeTestTemplateVersion(
      {
        key: `every-author-choices-${volumes}`,
        body: "Agreement for {{article_title}}.\n\n{{choice:licence}}",
        signers: "every_author",
        choices: [
          {
            key: "licence",
            question: "Which licence?",
            options: [
              { value: "cc-by", label: "CC BY 4.0", clause: "The article is licensed CC BY 4.0.", notice: "" },
              { value: "cc-by-nc", label: "CC BY-NC 4.0", clause: "The article is licensed CC BY-NC 4.0.", notice: "" },
            ],
          },
        ],
      },
      { volume },
    );
    const { agreement } = await issueTestAgreement({
      proceedings: volume,
      articleTitle: `Difference Engines ${volumes}`,
      correspondingAuthorName: "Ada Lovelace",
      correspondingAuthorEmail: "ada@example.org",
      authors: THREE_AUTHORS,
    });
    const invitations = await db.emailMessage.findMany({ where: { agreementId: agreement.id, kind: "invitation" } });
    const tokenOf = (to: string) =>
      TOKEN.exec(emailForDelivery(invitations.find((email) => email.to === to)!).text)![1];

    // A signature without answers is refused while nobody has answered.
    expect(
      await codeOf(
        signAgreement(from("192.0.2.1"), { token: tokenOf("mary@example.org"), typedName: "Mary Somerville" }),
      ),
    ).toBe("INVALID_INPUT");
    // Two authors answer differently at the same moment: one answer is recorded, and both sign it.
    const outcomes = await Promise.all([
      codeOf(
        signAgreement(from("192.0.2.2"), {
          token: tokenOf("ada@example.org"),
          typedName: "Ada Lovelace",
          choices: { licence: { value: "cc-by" } },
        }),
      ),
      codeOf(
        signAgreement(from("192.0.2.3"), {
          token: tokenOf("charles@example.org"),
          typedName: "Charles Babbage",
          choices: { licence: { value: "cc-by-nc" } },
        }),
      ),
    ]);
    expect(outcomes).toEqual(["no error", "no error"]);
    const answered = await db.agreement.findUniqueOrThrow({ where: { id: agreement.id } });
    const answers = answered.choiceAnswers as { value: string }[];
    expect(answers).toHaveLength(1);
    const chosen = answers[0].value === "cc-by" ? "CC BY 4.0" : "CC BY-NC 4.0";
    expect(answered.signedText).toBe(
      `Agreement for Difference Engines ${volumes}.\n\nThe article is licensed ${chosen}.`,
    );

    // The last author signs without answering (the page no longer asks), and the seal carries the answer.
    await signAgreement(from("192.0.2.4"), { token: tokenOf("mary@example.org"), typedName: "Mary Somerville" });
    expect(await statusOf(agreement.id)).toBe("signed");
    await runQueuedJobs(taskList);
    const sealed = await db.signedDocument.findUniqueOrThrow({ where: { agreementId: agreement.id } });
    const text = pdfText(sealed.pdf);
    expect(text).toContain(`The article is licensed ${chosen}.`);
    expect(text).not.toContain(`The article is licensed ${chosen === "CC BY 4.0" ? "CC BY-NC 4.0" : "CC BY 4.0"}.`);
    expect(text.match(/Signer \d/g)).toEqual(["Signer 1", "Signer 2", "Signer 3"]);
  });
});
