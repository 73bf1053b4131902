import { PLACEHOLDER_NAMES } from "@/lib/templates/template-definition";

/** The markup in brief, next to the text it describes (README "Agreement templates" in full). */
export function TemplateMarkupHelp() {
  return (
    <details>
      <summary>How to write the text</summary>
      <ul>
        <li>
          The first line is the title (or write <code># Title</code>); <code>## Heading</code> starts a section.
        </li>
        <li>
          <code>1. …</code>, <code>2. …</code> are numbered clauses; a clause ending with “:” followed by lines numbered
          from <code>1.</code> gets them as sub-clauses. Any other line is a paragraph; blank lines are ignored.
        </li>
        <li>
          <code>*italic*</code> and <code>**bold**</code> within a line; an asterisk next to a space stays an asterisk.
        </li>
        <li>A line starting with ¹, ², … is a footnote; a line in capitals after the clauses is the affirmation.</li>
        <li>Placeholders: {PLACEHOLDER_NAMES.map((name) => `{{${name}}}`).join(", ")}.</li>
        <li>
          <code>{"{{choice:<key>}}"}</code> alone on a line: the clause of the option the author picks goes there.
        </li>
      </ul>
    </details>
  );
}
