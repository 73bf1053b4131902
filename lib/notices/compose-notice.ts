import "server-only";
import { placeholderValues, renderAgreementText } from "@/lib/agreements/agreement-template";
import {
  choiceAnswersSchema,
  type ChoiceAnswer,
  type TemplateChoice,
  type AgreementPlaceholderValues,
} from "@/lib/templates/template-definition";
import { escapeLatex, latexEngineNote } from "./latex-text";

/** The copyright/licence notice for the camera-ready paper: as plain text and as LaTeX. */
export type CameraReadyNotice = {
  text: string;
  /** The notice as LaTeX source (no comments): what a \newcommand holds. */
  latex: string;
  /** `latex` with the comment lines that say which engine it needs: what the author copies. */
  snippet: string;
  /** Choices the notice names that have no answer (an agreement signed before they were asked). */
  unanswered: string[];
};

const CHOICE = /\{\{choice:([a-z][a-z0-9_]{0,39})\}\}/;

/**
 * The version's notice with the body's placeholders filled and each {{choice:<key>}} replaced by
 * the chosen option's notice line (its own placeholders filled too). Each piece is filled on its
 * own, from the template's strings only, so a name that looks like a placeholder stays text. The
 * wording is the template's: "© {{year}} {{authors}}." names the authors, "© {{year}} The authors."
 * does not. A choice left unanswered contributes nothing and is listed in `unanswered`.
 */
export function composeNotice(input: {
  notice: string;
  values: AgreementPlaceholderValues;
  choices: TemplateChoice[];
  answers: ChoiceAnswer[];
}): CameraReadyNotice {
  const parts = input.notice.split(new RegExp(CHOICE, "g"));
  const unanswered: string[] = [];
  const filled = parts.map((part, index) => {
    if (index % 2 === 0) return renderAgreementText(part, input.values);
    const answer = input.answers.find((a) => a.key === part);
    const option = input.choices.find((c) => c.key === part)?.options.find((o) => o.value === answer?.value);
    if (!option) {
      unanswered.push(part);
      return "";
    }
    return renderAgreementText(option.notice, input.values);
  });
  // An option with no notice line (e.g. "no third-party material") leaves no gap behind.
  const lines = filled
    .join("")
    .split(/\r?\n/)
    .map((line) => line.replace(/[ \t]+/g, " ").trim());
  const text = lines
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  const latex = text
    .split("\n")
    .map((line) => escapeLatex(line))
    .join("\\\\\n");
  const snippet = [
    "% Copyright and licence notice for the camera-ready paper, from the signed publication agreement.",
    ...latexEngineNote(latex),
    latex,
  ].join("\n");
  return { text, latex, snippet, unanswered };
}

/** What an agreement row must carry to compose its notice. */
export type NoticeSource = {
  articleTitle: string;
  authors: string[];
  correspondingAuthorName: string;
  publisherName: string;
  paperId: string | null;
  issuedAt: Date;
  choiceAnswers: unknown;
  proceedings: { name: string };
  templateVersion: { notice: string; choices: unknown };
};

/**
 * The notice of one agreement: its template version's wording, filled with the values its text was
 * issued with ({{year}} is the year of issue, as in the agreement) and the author's answers.
 * Null when the template has no notice.
 */
export function agreementNotice(agreement: NoticeSource): CameraReadyNotice | null {
  if (agreement.templateVersion.notice.trim() === "") return null;
  const answers = choiceAnswersSchema.safeParse(agreement.choiceAnswers ?? []);
  return composeNotice({
    notice: agreement.templateVersion.notice,
    values: placeholderValues({
      ...agreement,
      publisher: agreement.publisherName,
      proceedingsName: agreement.proceedings.name,
    }),
    choices: Array.isArray(agreement.templateVersion.choices)
      ? (agreement.templateVersion.choices as TemplateChoice[])
      : [],
    answers: answers.success ? answers.data : [],
  });
}
