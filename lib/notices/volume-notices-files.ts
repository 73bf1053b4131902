import { stringify } from "csv-stringify/sync";
import { neutralizeFormula } from "@/lib/proceedings/csv/neutralize-formula";
import type { ChoiceAnswer } from "@/lib/templates/template-definition";
import type { CameraReadyNotice } from "./compose-notice";
import { latexEngineNote } from "./latex-text";
import { NOTICE_COMMAND_PREFIX, noticeCommandNames } from "./notice-command-names";

/** One signed paper's notice as every export format writes it. */
export type NoticeRecord = {
  /** The paper id, or the agreement id for an agreement issued without one. */
  key: string;
  paperId: string | null;
  agreementId: string;
  title: string;
  authors: string[];
  signedAt: Date;
  answers: ChoiceAnswer[];
  notice: CameraReadyNotice;
};

const CSV_COLUMNS = [
  "paper_id",
  "agreement_id",
  "title",
  "authors",
  "signed_utc",
  "choices",
  "notice_text",
  "notice_latex",
  "tex_command",
] as const;

const answersCell = (answers: ChoiceAnswer[]) =>
  answers.map((a) => `${a.key}=${a.value}${a.detail ? ` (${a.detail})` : ""}`).join("; ");

/** Spreadsheet formulas neutralised in every cell, CRLF records and a BOM, as the other exports. */
export function noticesCsv(records: NoticeRecord[]): Uint8Array {
  const names = noticeCommandNames(records.map((r) => r.key));
  const rows = records.map((r) =>
    [
      r.paperId ?? "",
      r.agreementId,
      r.title,
      r.authors.join("; "),
      r.signedAt.toISOString(),
      answersCell(r.answers),
      r.notice.text,
      r.notice.latex,
      `\\${names.get(r.key)}`,
    ].map(neutralizeFormula),
  );
  return new TextEncoder().encode(stringify([[...CSV_COLUMNS], ...rows], { record_delimiter: "windows", bom: true }));
}

export function noticesJson(records: NoticeRecord[]): Uint8Array {
  const names = noticeCommandNames(records.map((r) => r.key));
  const items = records.map((r) => ({
    paperId: r.paperId,
    agreementId: r.agreementId,
    title: r.title,
    authors: r.authors,
    signedUtc: r.signedAt.toISOString(),
    choices: r.answers,
    notice: { text: r.notice.text, latex: r.notice.latex },
    texCommand: `\\${names.get(r.key)}`,
  }));
  return new TextEncoder().encode(`${JSON.stringify(items, null, 2)}\n`);
}

// A comment line carries user text (paper ids, the volume's name): one physical line, always.
const commentText = (text: string) => text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, " ");

/**
 * One file of \newcommand definitions, one per signed paper, named from its paper id (the mapping
 * is in notice-command-names.ts and repeated in the file's header). \input it in the proceedings'
 * LaTeX and write \imprimaturNotice… where a paper's notice goes.
 */
export function noticesTex(records: NoticeRecord[], volumeName: string): Uint8Array {
  const names = noticeCommandNames(records.map((r) => r.key));
  const header = [
    `% Camera-ready copyright and licence notices of ${commentText(volumeName)}, exported by Imprimatur.`,
    `% One \\newcommand per signed paper, named \\${NOTICE_COMMAND_PREFIX} + the paper id (the agreement id when`,
    "% it has none) with accents removed, each digit spelled (0 -> Zero ... 9 -> Nine) and any other character",
    "% dropped; ids that map to the same name get Alt, AltB, ... in sorted order of the ids.",
    ...latexEngineNote(records.map((r) => r.notice.latex).join("")),
  ];
  const definitions = records.flatMap((r) => [
    "",
    `% paper ${commentText(r.key)}: ${commentText(r.title)}`,
    `\\newcommand{\\${names.get(r.key)}}{${r.notice.latex}}`,
  ]);
  return new TextEncoder().encode(`${[...header, ...definitions].join("\n")}\n`);
}
