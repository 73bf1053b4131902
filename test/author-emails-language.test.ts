import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { sealAgreement } from "@/lib/agreements/seal-agreement";
import { signAgreement } from "@/lib/agreements/sign-agreement";
import { deliverEmail } from "@/lib/mail/deliver-email";
import { coauthorNoticeEmail } from "@/lib/mail/templates/coauthor-notice-email";
import { reminderEmail } from "@/lib/mail/templates/reminder-email";
import { getImport, previewImport, startIssuingImport } from "@/lib/proceedings/bulk-import";
import { taskList } from "@/lib/worker/task-list";
import { AUTHOR, issueTestAgreement, SAMPLE_FIELDS } from "./agreement-fixtures";
import { staffActing } from "./contexts";
import { smtpSinkForThisFile } from "./mail-sink";
import { runQueuedJobs } from "./run-queued-jobs";

// The emails an author gets, in the agreement's language (the invitation and reminders) or the one
// they signed in (the signed copy), delivered through a real SMTP server and read as a mail client would.
const smtpSink = smtpSinkForThisFile();
const STAFF = staffActing("languages@example.org", { ip: "203.0.113.6", userAgent: "vitest" });
const TITLE = SAMPLE_FIELDS.articleTitle;

async function delivered(emailId: string, to: string) {
  await deliverEmail(emailId, { isLastAttempt: false });
  const mail = smtpSink().mails.findLast((received) => JSON.stringify(received.to).includes(to));
  if (!mail) throw new Error(`no mail to ${to}`);
  return mail;
}

describe("the authors' emails in a chosen language", () => {
  it("invites in Japanese when issued in Japanese, with the agreement's title as given and a working link", async () => {
    const { email, token } = await issueTestAgreement({ language: "ja", correspondingAuthorEmail: "ja@example.org" });
    const mail = await delivered(email.id, "ja@example.org");
    expect(mail.subject).toBe(`「${TITLE}」の出版契約への署名のお願い`);
    expect(mail.text).toContain("Zhang Haoyang 様");
    expect(mail.text).toContain(`契約に署名する：`);
    expect(mail.text).toContain(`/sign/${token}`);
    expect(mail.html).toContain('<html lang="ja">');
    expect(mail.html).toContain("ボタンが機能しない場合は");
    expect(mail.html).toContain(`/sign/${token}`);
  });

  it("keeps English invitations word for word, and refuses a language it cannot write in", async () => {
    const { email } = await issueTestAgreement({ correspondingAuthorEmail: "en@example.org" });
    expect((await db.agreement.findUniqueOrThrow({ where: { id: email.agreementId! } })).language).toBe("en");
    const mail = await delivered(email.id, "en@example.org");
    expect(mail.subject).toBe(`Please sign the publication agreement for “${TITLE}”`);
    expect(mail.text?.split("\n")[0]).toBe("Dear Zhang Haoyang,");
    await expect(issueTestAgreement({ language: "tlh" })).rejects.toThrow(
      /“tlh” is not a language the authors' emails can be written in: use one of en, zh, ja, ko, es, fr, de, pt/,
    );
    // A regional or script tag finds its language: Brazilian Portuguese is Portuguese.
    const { agreement } = await issueTestAgreement({ language: "pt-BR" });
    expect(agreement.language).toBe("pt");
  });

  it("sends the signed copy in the language the author signed in, not the invitation's", async () => {
    const { agreement, token } = await issueTestAgreement({
      language: "de",
      correspondingAuthorEmail: "ko@example.org",
    });
    await signAgreement(AUTHOR, { token, typedName: "장하오양", language: "ko" });
    const events = await db.auditEvent.findMany({ where: { agreementId: agreement.id, type: "agreement.signed" } });
    expect(events[0].data).toMatchObject({ typedName: "장하오양", language: "ko" });
    await sealAgreement(agreement.id);
    const copy = await db.emailMessage.findFirstOrThrow({ where: { agreementId: agreement.id, kind: "signed_copy" } });
    const mail = await delivered(copy.id, "ko@example.org");
    expect(mail.subject).toBe(`서명하신 “${TITLE}”의 출판 계약`);
    expect(mail.text).toContain("서명된 사본을 PDF로 첨부했습니다.");
    expect(mail.attachments.map((file) => file.contentType)).toEqual(["application/pdf"]);
  }, 60_000);

  it("issues each CSV paper's invitation in its row's language, and names an unknown tag on its line", async () => {
    const volume = await db.proceedings.create({ data: { name: "Languages Volume", linkExpiryDays: 14 } });
    const header = "paper_id,title,corresponding_author,corresponding_email,authors,Language";
    const rows = [
      "1,Paper one,Ada Lovelace,one@example.org,Ada Lovelace,fr",
      "2,Paper two,Ada Lovelace,two@example.org,Ada Lovelace,",
      "3,Paper three,Ada Lovelace,three@example.org,Ada Lovelace,klingon",
      "4,Paper four,Ada Lovelace,four@example.org,Ada Lovelace,zh-Hans",
    ];
    const bytes = new TextEncoder().encode([header, ...rows].join("\n"));
    const { importId, preview } = await previewImport(STAFF, { proceedingsId: volume.id, fileName: "p.csv", bytes });
    expect(preview.problems).toEqual([
      {
        line: 4,
        column: "Language",
        message: expect.stringMatching(/^“klingon” is not a language the authors' emails can be written in/),
      },
    ]);
    expect(preview.rows.map((row) => [row.paperId, row.language])).toEqual([
      ["1", "fr"],
      ["2", "en"],
      ["4", "zh"],
    ]);
    await startIssuingImport(STAFF, { importId });
    await runQueuedJobs({ issue_import: taskList.issue_import });
    expect(await getImport(importId)).toMatchObject({ status: "done", issued: 3 });
    const agreements = await db.agreement.findMany({
      where: { proceedingsId: volume.id },
      include: { emails: true },
      orderBy: { paperId: "asc" },
    });
    expect(agreements.map((a) => [a.paperId, a.language])).toEqual([
      ["1", "fr"],
      ["2", "en"],
      ["4", "zh"],
    ]);
    const subjects = agreements.map((a) => a.emails[0].subject);
    expect(subjects).toEqual([
      "Veuillez signer le contrat de publication pour «\u00a0Paper one\u00a0»",
      "Please sign the publication agreement for “Paper two”",
      "请签署《Paper four》的出版协议",
    ]);
  }, 60_000);

  it("writes reminders and co-author notices in the agreement's language", () => {
    const reminder = reminderEmail({
      correspondingAuthorName: "María Pérez",
      articleTitle: "Título",
      proceedingsName: "Actas 2026",
      publisherName: "PMLR",
      deadline: new Date("2026-12-24T12:00:00Z"),
      signingUrl: "https://imprimatur.test/sign/x",
      expiresAt: new Date("2027-01-01T00:00:00Z"),
      language: "es",
    });
    expect(reminder.subject).toBe(
      "Recordatorio: firme el contrato de publicación de «Título» antes del 2026-12-24 12:00 UTC",
    );
    expect(reminder.text).toContain("Firmar el contrato: https://imprimatur.test/sign/x");
    const notice = coauthorNoticeEmail({
      coauthorName: "Ana Souza",
      articleTitle: "Título",
      proceedingsName: "Anais 2026",
      publisherName: "PMLR",
      signatures: [{ name: "João Silva", typedName: "João Silva", signedAt: new Date("2026-11-30T10:00:00Z") }],
      everyAuthor: false,
      textSha256: "ab".repeat(32),
      contact: "rights@example.org",
      language: "pt",
    });
    expect(notice.subject).toBe("O contrato de publicação de “Título” foi assinado");
    expect(notice.text).toContain("por João Silva (assinou como “João Silva”, 2026-11-30 10:00 UTC).");
  });
});
