import "server-only";
import { sha256Hex } from "@/lib/crypto/hashing";
import type { AgreementPlaceholderValues, ChoiceAnswer, TemplateChoice } from "@/lib/templates/template-definition";
import { renderAgreementText } from "./agreement-template";
import { CHOICE_LINE } from "./agreement-blocks";

/**
 * The text the author signs: the issued text with each {{choice:<key>}} line replaced by the
 * chosen option's clause (its placeholders filled like the body's) and, where the option asked for
 * one, the author's short text on a line of its own after its label. An option with no clause
 * leaves no line. Lines of questions the answers do not cover stay as they are.
 */
export function signedAgreementText(
  text: string,
  choices: TemplateChoice[],
  answers: ChoiceAnswer[],
  values: AgreementPlaceholderValues,
): string {
  const placed = new Set<string>();
  const answerLines = (key: string | undefined): string[] | null => {
    const answer = answers.find((candidate) => candidate.key === key);
    const option = choices.find((choice) => choice.key === key)?.options.find((o) => o.value === answer?.value);
    if (!answer || !option || placed.has(answer.key)) return null;
    placed.add(answer.key);
    const clause = option.clause ? renderAgreementText(option.clause, values).split("\n") : [];
    const detail = option.detail && answer.detail ? [`${option.detail.label}: ${answer.detail}`] : [];
    return [...clause, ...detail];
  };
  const lines = text.split("\n").flatMap((line) => answerLines(CHOICE_LINE.exec(line.trim())?.[1]) ?? [line]);
  // A question whose line the text lacks is still asked (after the text, see choice-document.ts):
  // its clause is signed where it was shown.
  const unplaced = choices.flatMap((choice) => answerLines(choice.key) ?? []);
  return [...lines, ...unplaced].join("\n");
}

/** The signed text and its SHA-256, or nulls when the template asks nothing (then it is `text`). */
export function signedTextRecord(
  text: string,
  choices: TemplateChoice[],
  answers: ChoiceAnswer[],
  values: AgreementPlaceholderValues,
): { signedText: string | null; signedTextSha256: string | null } {
  if (choices.length === 0) return { signedText: null, signedTextSha256: null };
  const signedText = signedAgreementText(text, choices, answers, values);
  return { signedText, signedTextSha256: sha256Hex(signedText) };
}
