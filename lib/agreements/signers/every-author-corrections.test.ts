import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { emailForDelivery } from "@/lib/mail/outbox";
import { defaultTemplate } from "@/lib/agreements/agreement-template";
import { changeAuthorEmail } from "@/lib/agreements/corrections/change-author-email";
import { reissueAgreement } from "@/lib/agreements/corrections/reissue-agreement";
import { resendInvitation } from "@/lib/agreements/corrections/resend-invitation";
import { voidAgreement } from "@/lib/agreements/corrections/void-agreement";
import { signAgreement } from "@/lib/agreements/sign-agreement";
import { issueRows } from "@/lib/proceedings/issue-rows";
import { sendDueReminders } from "@/lib/proceedings/send-due-reminders";
import { volumeBoard } from "@/lib/proceedings/volume-board";
import { AUTHOR, issueTestAgreement, STAFF } from "@/test/agreement-fixtures";
import { storeTestTemplateVersion } from "@/test/template-fixtures";
import { smtpSinkForThisFile } from "@/test/mail-sink";

smtpSinkForThisFile();

const DAY = 24 * 60 * 60 * 1000;
const TOKEN = /\/sign\/([A-Za-z0-9_-]{43})/;
let volumes = 0;

async function everyAuthorVolume() {
  const volume = `Every-author corrections ${++volumes}`;
  await storeTestTemplateVersion(
    { key: `every-author-corrections-${volumes}`, body: defaultTemplate().body, signers: "every_author" },
    { volume },
  );
  return volume;
}

async function threeAuthors() {
  const proceedings = await everyAuthorVolume();
  const { agreement } = await issueTestAgreement({
    proceedings,
    articleTitle: "Three authors",
    correspondingAuthorName: "Ada Lovelace",
    correspondingAuthorEmail: "ada@example.org",
    authors: "Ada Lovelace\nCharles Babbage <charles@example.org>\nMary Somerville <mary@example.org>",
  });
  const signers = await db.signer.findMany({ where: { agreementId: agreement.id }, orderBy: { position: "asc" } });
  return { agreement, signers, proceedings };
}

/** The signing link in the newest email of this kind to this address. */
async function tokenTo(agreementId: string, to: string, kind = "invitation") {
  const email = await db.emailMessage.findFirstOrThrow({
    where: { agreementId, to, kind },
    orderBy: { createdAt: "desc" },
  });
  return TOKEN.exec(emailForDelivery(email).text)![1];
}

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => "no error",
    (error: { code?: string }) => error.code ?? String(error),
  );

describe("reminders on an every-author agreement", () => {
  it("go to each signer yet to sign, once per reminder day, each with a link of their own", async () => {
    const { agreement, proceedings } = await threeAuthors();
    await signAgreement(AUTHOR, { token: await tokenTo(agreement.id, "charles@example.org"), typedName: "Charles" });
    await db.agreement.update({ where: { id: agreement.id }, data: { issuedAt: new Date(Date.now() - 10 * DAY) } });
    await db.proceedings.update({ where: { name: proceedings }, data: { deadline: new Date(Date.now() + 3 * DAY) } });

    const runs = await Promise.all([sendDueReminders(), sendDueReminders()]);
    expect(runs.reduce((sum, run) => sum + run.queued, 0)).toBe(2);
    const reminders = await db.emailMessage.findMany({ where: { agreementId: agreement.id, kind: "reminder" } });
    expect(reminders.map((email) => email.to).sort()).toEqual(["ada@example.org", "mary@example.org"]);
    expect(emailForDelivery(reminders.find((email) => email.to === "mary@example.org")!).text).toContain(
      "Dear Mary Somerville,",
    );
    expect(await sendDueReminders()).toEqual({ queued: 0 });

    // The reminder's link signs as its own signer.
    await signAgreement(AUTHOR, { token: await tokenTo(agreement.id, "mary@example.org", "reminder"), typedName: "M" });
    const mary = await db.signer.findFirstOrThrow({ where: { agreementId: agreement.id, email: "mary@example.org" } });
    expect(mary.status).toBe("signed");
    expect((await db.agreement.findUniqueOrThrow({ where: { id: agreement.id } })).status).toBe("sent");
  });
});

describe("corrections on an every-author agreement", () => {
  it("resends to one signer: their old link stops working, the others' links still sign", async () => {
    const { agreement, signers } = await threeAuthors();
    const oldMary = await tokenTo(agreement.id, "mary@example.org");
    const charles = await tokenTo(agreement.id, "charles@example.org");
    const mary = signers.find((signer) => signer.name === "Mary Somerville")!;
    expect(await resendInvitation(STAFF, { agreementId: agreement.id, signerId: mary.id })).toMatchObject({
      resent: true,
      resentTo: ["mary@example.org"],
    });
    expect(await codeOf(signAgreement(AUTHOR, { token: oldMary, typedName: "Mary" }))).toBe("LINK_REVOKED");
    expect(await codeOf(signAgreement(AUTHOR, { token: charles, typedName: "Charles" }))).toBe("no error");
    const newMary = await tokenTo(agreement.id, "mary@example.org");
    expect(await codeOf(signAgreement(AUTHOR, { token: newMary, typedName: "Mary" }))).toBe("no error");
    expect(await codeOf(resendInvitation(STAFF, { agreementId: agreement.id, signerId: mary.id }))).toBe(
      "NOTHING_TO_CHANGE",
    );
    // Without a signer, a resend reaches everyone yet to sign: here only Ada.
    expect(await resendInvitation(STAFF, { agreementId: agreement.id })).toMatchObject({
      resentTo: ["ada@example.org"],
    });
  });

  it("changes one signer's email: a new link goes there and the author list follows", async () => {
    const { agreement, signers } = await threeAuthors();
    const charles = signers.find((signer) => signer.name === "Charles Babbage")!;
    const old = await tokenTo(agreement.id, "charles@example.org");
    await changeAuthorEmail(STAFF, { agreementId: agreement.id, signerId: charles.id, newEmail: "cb@example.org" });
    expect(await codeOf(signAgreement(AUTHOR, { token: old, typedName: "Charles" }))).toBe("LINK_REVOKED");
    const stored = await db.agreement.findUniqueOrThrow({ where: { id: agreement.id } });
    expect(stored.authorEmails).toEqual(["", "cb@example.org", "mary@example.org"]);
    expect(stored.correspondingAuthorEmail).toBe("ada@example.org");
    const token = await tokenTo(agreement.id, "cb@example.org");
    expect(await codeOf(signAgreement(AUTHOR, { token, typedName: "Charles" }))).toBe("no error");
    expect(await codeOf(changeAuthorEmail(STAFF, { agreementId: agreement.id, newEmail: "mary@example.org" }))).toBe(
      "INVALID_INPUT",
    );
  });

  it("reissues with every author's email: new signers and links, the old links withdrawn", async () => {
    const { agreement } = await threeAuthors();
    const old = await tokenTo(agreement.id, "charles@example.org");
    const { agreement: next } = await reissueAgreement(STAFF, {
      agreementId: agreement.id,
      changes: { articleTitle: "Three authors, retitled" },
    });
    expect(await codeOf(signAgreement(AUTHOR, { token: old, typedName: "Charles" }))).toBe("AGREEMENT_VOIDED");
    const signers = await db.signer.findMany({ where: { agreementId: next.id }, orderBy: { position: "asc" } });
    expect(signers.map((signer) => signer.email)).toEqual([
      "ada@example.org",
      "charles@example.org",
      "mary@example.org",
    ]);
    const token = await tokenTo(next.id, "charles@example.org");
    expect(await codeOf(signAgreement(AUTHOR, { token, typedName: "Charles" }))).toBe("no error");
  });

  it("voids every signer's link", async () => {
    const { agreement } = await threeAuthors();
    await voidAgreement(STAFF, { agreementId: agreement.id, reason: "Wrong paper" });
    const token = await tokenTo(agreement.id, "mary@example.org");
    expect(await codeOf(signAgreement(AUTHOR, { token, typedName: "Mary" }))).toBe("AGREEMENT_VOIDED");
  });
});

describe("a CSV import on an every-author volume", () => {
  it("invites each author with an email, and the volume board counts per signer", async () => {
    const name = await everyAuthorVolume();
    const volume = await db.proceedings.findUniqueOrThrow({ where: { name } });
    const row = (id: string) => ({
      paperId: id,
      articleTitle: `Paper ${id}`,
      correspondingAuthorName: "Ada Lovelace",
      correspondingAuthorEmail: `ada-${id}@example.org`,
      authors: ["Ada Lovelace", "Charles Babbage", "Anonymous"],
      authorEmails: ["", `charles-${id}@example.org`, ""],
    });
    expect(await issueRows(db, STAFF, volume, [row("1"), row("2")])).toMatchObject({ issued: 2, skipped: 0 });
    const invitations = await db.emailMessage.findMany({
      where: { agreement: { proceedingsId: volume.id }, kind: "invitation" },
    });
    expect(invitations.map((email) => email.to).sort()).toEqual([
      "ada-1@example.org",
      "ada-2@example.org",
      "charles-1@example.org",
      "charles-2@example.org",
    ]);
    const first = invitations.find((email) => email.to === "charles-1@example.org")!;
    expect(emailForDelivery(first).text).toContain("asks each of the 2 authors");
    await signAgreement(AUTHOR, { token: TOKEN.exec(emailForDelivery(first).text)![1], typedName: "Charles" });

    const board = await volumeBoard({ proceedingsId: volume.id, page: 1 });
    expect(board?.signerCounts).toEqual({ total: 4, signed: 1, declined: 0, waiting: 3 });
    expect(board?.counts).toEqual({ sent: 2 });
  });
});
