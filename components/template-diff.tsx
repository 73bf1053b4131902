import type { DiffSection } from "@/lib/templates/template-diff";

/** Two versions' differences, line by line: removed lines struck through, added lines marked. */
export function TemplateDiff({ sections }: { sections: DiffSection[] }) {
  const changed = sections.filter((section) => section.changed);
  if (changed.length === 0) return <p>These versions are identical.</p>;
  return (
    <div className="template-diff" data-testid="template-diff">
      {changed.map((section) => (
        <section key={section.title}>
          <h3>{section.title}</h3>
          <pre>
            {section.parts.map((part, index) =>
              part.added ? (
                <ins key={index}>{prefixLines(part.value, "+ ")}</ins>
              ) : part.removed ? (
                <del key={index}>{prefixLines(part.value, "- ")}</del>
              ) : (
                <span key={index}>{prefixLines(part.value, "  ")}</span>
              ),
            )}
          </pre>
        </section>
      ))}
    </div>
  );
}

function prefixLines(text: string, prefix: string): string {
  return text.replace(/^(?=.)/gm, prefix);
}
