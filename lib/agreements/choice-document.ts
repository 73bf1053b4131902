import "server-only";
import type { AgreementPlaceholderValues, TemplateChoice } from "@/lib/templates/template-definition";
import { parseAgreementBlocks, type AgreementBlock } from "./agreement-blocks";
import { agreementHtml } from "./agreement-html";
import { renderAgreementText } from "./agreement-template";

/** A question as the signing form asks it: each option with its clause filled in, line by line. */
export type QuestionForForm = {
  key: string;
  question: string;
  options: { value: string; label: string; clause: string[]; detail?: { label: string; maxLength: number } }[];
};

/** The issued text cut where its questions stand: runs of agreement text (HTML) and questions. */
export type ChoiceDocumentPart = { kind: "text"; html: string } | { kind: "question"; question: QuestionForForm };

/**
 * The agreement as the author answers it: the text, with each {{choice:<key>}} line replaced by
 * its question, whose options show the clause each would put there. Questions the text has no line
 * for come after it, so none is left unasked.
 */
export function choiceDocumentParts(
  text: string,
  choices: TemplateChoice[],
  values: AgreementPlaceholderValues,
  emphasis: string[],
): ChoiceDocumentPart[] {
  const parts: ChoiceDocumentPart[] = [];
  const asked = new Set<string>();
  let run: AgreementBlock[] = [];
  const flush = () => {
    if (run.length > 0) parts.push({ kind: "text", html: agreementHtml(run, emphasis) });
    run = [];
  };
  for (const block of parseAgreementBlocks(text)) {
    const choice = block.kind === "choice" ? choices.find(({ key }) => key === block.key) : undefined;
    if (!choice || asked.has(choice.key)) {
      run.push(block);
      continue;
    }
    flush();
    parts.push({ kind: "question", question: questionForForm(choice, values) });
    asked.add(choice.key);
  }
  flush();
  for (const choice of choices)
    if (!asked.has(choice.key)) parts.push({ kind: "question", question: questionForForm(choice, values) });
  return parts;
}

function questionForForm(choice: TemplateChoice, values: AgreementPlaceholderValues): QuestionForForm {
  return {
    key: choice.key,
    question: choice.question,
    options: choice.options.map((option) => ({
      value: option.value,
      label: option.label,
      clause: renderAgreementText(option.clause, values)
        .split("\n")
        .map((line) => line.trim())
        .filter(Boolean),
      ...(option.detail ? { detail: option.detail } : {}),
    })),
  };
}
