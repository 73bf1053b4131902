import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { PDFDocument } from "pdf-lib";
import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { openAgreementForSigning } from "@/lib/agreements/open-agreement-for-signing";
import { sealAgreement } from "@/lib/agreements/seal-agreement";
import { signAgreement } from "@/lib/agreements/sign-agreement";
import { signAgreementInput } from "@/lib/agreements/sign-agreement-input";
import { parseAgreementQuery } from "@/lib/agreements/search/agreement-query";
import { exportAgreements } from "@/lib/exports/export-agreements";
import { AUTHOR, issueTestAgreement, refusal, STAFF } from "@/test/agreement-fixtures";

// Typed the way keyboards and copy-paste produce them: decomposed accents, a Persian name that
// needs its zero-width non-joiner, and PDF delimiters.
const TYPED_NAME = "Rene\u0301e O\u0308zdemir (Ed.)";
const STORED_NAME = "Ren\u00E9e \u00D6zdemir (Ed.)";
const PERSIAN = "نازنین می\u200Cخواه";
const TYPED_TITLE = "Cafe\u0301 Nets \\ (and) Trees";
const STORED_TITLE = "Caf\u00E9 Nets \\ (and) Trees";

const pdfTextOf = (bytes: Uint8Array) => {
  const dir = mkdtempSync(path.join(tmpdir(), "imprimatur-text-"));
  try {
    const file = path.join(dir, "sealed.pdf");
    writeFileSync(file, bytes);
    return execFileSync("pdftotext", [file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

const originalPublisher = process.env.PUBLISHER_NAME;
afterEach(() => {
  if (originalPublisher === undefined) delete process.env.PUBLISHER_NAME;
  else process.env.PUBLISHER_NAME = originalPublisher;
});

describe("text stored once, shown the same everywhere", () => {
  it("shows the stored names and title on the signing page, in the emails, the sealed PDF and the exports", async () => {
    const volume = "Round-trip volume";
    const { agreement, email, token } = await issueTestAgreement({
      proceedings: volume,
      articleTitle: TYPED_TITLE,
      correspondingAuthorName: TYPED_NAME,
      authors: `${TYPED_NAME}\n${PERSIAN}`,
    });
    expect([agreement.articleTitle, agreement.correspondingAuthorName, agreement.authors]).toEqual([
      STORED_TITLE,
      STORED_NAME,
      [STORED_NAME, PERSIAN],
    ]);
    expect(agreement.text).toContain(STORED_TITLE);
    expect(email.subject).toContain(`“${STORED_TITLE}”`);
    expect(email.text).toContain(STORED_TITLE);

    const page = await openAgreementForSigning(AUTHOR, { token });
    expect([page.articleTitle, page.correspondingAuthorName, page.authors]).toEqual([
      STORED_TITLE,
      STORED_NAME,
      [STORED_NAME, PERSIAN],
    ]);

    const { typedName } = signAgreementInput.parse({ typedName: TYPED_NAME, agreed: true });
    await signAgreement(AUTHOR, { token, typedName });
    const stored = await db.agreement.findUniqueOrThrow({ where: { id: agreement.id } });
    expect(stored.signatureName).toBe(STORED_NAME);

    const document = await sealAgreement(agreement.id);
    const pdf = new Uint8Array(document.pdf);
    const text = pdfTextOf(pdf);
    expect(text).toContain(STORED_TITLE);
    expect(text).toContain(STORED_NAME);
    const loaded = await PDFDocument.load(pdf, { updateMetadata: false });
    expect(loaded.getAuthor()).toBe(STORED_NAME);
    expect(loaded.getTitle()).toBe(`Publication Agreement — ${STORED_TITLE}`);
    const copy = await db.emailMessage.findFirstOrThrow({ where: { agreementId: agreement.id, kind: "signed_copy" } });
    expect(copy.text).toContain(`Dear ${STORED_NAME},`);

    const { id: volumeId } = await db.proceedings.findUniqueOrThrow({ where: { name: volume } });
    const query = parseAgreementQuery(new URLSearchParams({ volume: volumeId }));
    const csv = parse(Buffer.from((await exportAgreements(STAFF, { query, format: "csv" })).bytes), {
      bom: true,
      columns: true,
    }) as Record<string, string>[];
    expect([csv[0].title, csv[0].corresponding_author, csv[0].signature_name]).toEqual([
      STORED_TITLE,
      STORED_NAME,
      STORED_NAME,
    ]);
    const json = JSON.parse(
      new TextDecoder().decode((await exportAgreements(STAFF, { query, format: "json" })).bytes),
    ) as Record<string, string>[];
    expect([json[0].title, json[0].corresponding_author, json[0].signature_name]).toEqual([
      STORED_TITLE,
      STORED_NAME,
      STORED_NAME,
    ]);
  });

  it("issues nothing when PUBLISHER_NAME would put a new clause into the legal text", async () => {
    process.env.PUBLISHER_NAME = "PMLR\n8. New clause: the author assigns all rights to the publisher";
    const before = await db.agreement.count();
    expect(await refusal(issueTestAgreement({ proceedings: "Hostile default publisher" }))).toMatch(
      /^Error: PUBLISHER_NAME must be on one line: remove the line break\./,
    );
    expect(await db.agreement.count()).toBe(before);
    expect(
      await db.emailMessage.count({ where: { agreement: { proceedings: { name: "Hostile default publisher" } } } }),
    ).toBe(0);
  });
});
