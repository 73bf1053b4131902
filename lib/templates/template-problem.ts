/** One thing wrong with a template, where it is (1-based line and column of the field's text). */
export type TemplateProblem = {
  field: "key" | "name" | "language" | "signers" | "body" | "notice" | "choices";
  line?: number;
  column?: number;
  message: string;
};

/** "Line 3, column 7: …" — how a problem reads in a form, an import report and a test. */
export function describeProblem(problem: TemplateProblem): string {
  const where =
    problem.line === undefined
      ? ""
      : problem.column === undefined
        ? `Line ${problem.line}: `
        : `Line ${problem.line}, column ${problem.column}: `;
  return `${where}${problem.message}`;
}
