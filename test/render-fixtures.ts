// Shared by the lib/pdf rendering tests: realistic agreements and the poppler tools that read them.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseAgreementBlocks } from "@/lib/agreements/agreement-blocks";
import type { EvidenceEvent, SignedAgreementPdfInput } from "@/lib/pdf/signed-agreement-pdf-input";

const template = readFileSync(
  path.join(process.cwd(), "lib/agreements/templates/pmlr-publication-agreement.template.txt"),
  "utf8",
);

export const CHROME_ON_MAC =
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";
export const FIREFOX_ON_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0";

export const events: EvidenceEvent[] = [
  {
    type: "agreement.issued",
    label: "Issued",
    occurredAt: new Date("2024-04-28T09:12:03.120Z"),
    actor: "editor@pmlr.org",
    ip: "203.0.113.7",
    userAgent: CHROME_ON_MAC,
  },
  {
    type: "email.sent",
    label: "Email sent",
    occurredAt: new Date("2024-04-28T09:12:05Z"),
    actor: "system",
    ip: null,
    userAgent: null,
  },
  {
    type: "agreement.viewed",
    label: "Opened by the author",
    occurredAt: new Date("2024-05-01T14:01:10Z"),
    actor: "zoe@example.org",
    ip: "2001:db8:85a3::8a2e:370:7334",
    userAgent: FIREFOX_ON_LINUX,
  },
  {
    type: "agreement.signed",
    label: "Signed",
    occurredAt: new Date("2024-05-01T14:03:27.999Z"),
    actor: "Zoë Łukasiewicz-Nguyễn",
    ip: "198.51.100.23",
    userAgent: FIREFOX_ON_LINUX,
  },
];

export function agreement(overrides: Partial<SignedAgreementPdfInput> = {}): SignedAgreementPdfInput {
  const base: SignedAgreementPdfInput = {
    agreementId: "agr_01HZX3K9",
    blocks: [],
    textSha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    publisherName: "PMLR",
    proceedingsName: "Proceedings of Machine Learning Research, Volume 139",
    articleTitle: "Differentiable Dynamic Quantization with Mixed Precision and Adaptive Resolution",
    correspondingAuthorName: "Zoë Łukasiewicz-Nguyễn",
    correspondingAuthorEmail: "zoe@example.org",
    authors: ["Zoë Łukasiewicz-Nguyễn", "Jane Smith"],
    signatureName: "Zoë Łukasiewicz-Nguyễn",
    signedAt: new Date("2024-05-01T14:03:27Z"),
    evidence: {
      invitedEmail: "zoe.invited@example.org",
      events,
      chainHead: "3b7e2a9c0d4f5e6a7b8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c",
      sealedBy: "PMLR document seal (self-signed)",
      sealTime: { kind: "server_clock" },
    },
    verifyUrl: "https://imprimatur.example.org/verify",
    ...overrides,
  };
  const text = template
    .replaceAll("{{articleTitle}}", base.articleTitle)
    .replaceAll("{{correspondingAuthor}}", base.correspondingAuthorName)
    .replaceAll("{{publisher}}", base.publisherName);
  return { ...base, blocks: overrides.blocks ?? parseAgreementBlocks(text) };
}

export const multiScript = agreement({
  articleTitle: "Αλέξανδρος Дмитрий 山田太郎 ひらがな カタカナ 김민준 محمد عبد الله דוד כהן 🙂",
  correspondingAuthorName: "张浩洋",
  authors: ["张浩洋", "Αλέξανδρος Παπαδόπουλος", "Дмитрий Иванов", "山田太郎", "김민준", "محمد عبد الله", "דוד כהן"],
  signatureName: "张浩洋",
});

export const run = (command: string, ...args: string[]) => execFileSync(command, args, { encoding: "utf8" });
export const textOf = (file: string, ...args: string[]) => run("pdftotext", ...args, file, "-");
export const squashed = (text: string) => text.replace(/\s+/g, "");
export const pageCount = (file: string) => Number(/^Pages:\s+(\d+)/m.exec(run("pdfinfo", file))![1]);
export const fontNames = (file: string) =>
  run("pdffonts", file)
    .trim()
    .split("\n")
    .slice(2)
    .map((line) => line.split(/\s+/)[0]);

/** Writes PDFs into a fresh temporary folder; the caller removes it when done. */
export function pdfScratch() {
  const dir = mkdtempSync(path.join(tmpdir(), "imprimatur-pdf-"));
  return {
    dir,
    write(bytes: Uint8Array, name: string) {
      const file = path.join(dir, `${name}.pdf`);
      writeFileSync(file, bytes);
      return file;
    },
  };
}
