import type { AgreementBlock } from "@/lib/agreements/agreement-blocks";

/** The agreement as the author reads it: numbered clauses and sub-clauses, footnote, affirmation. */
export function AgreementDocument({ blocks, emphasis = [] }: { blocks: AgreementBlock[]; emphasis?: string[] }) {
  const items: React.ReactNode[] = [];
  let clauses: Extract<AgreementBlock, { kind: "clause" }>[] = [];
  const flushClauses = () => {
    if (clauses.length === 0) return;
    items.push(
      <ol key={`clauses-${items.length}`} start={Number(clauses[0].number) || 1}>
        {clauses.map((clause) => (
          <li key={clause.number} value={Number(clause.number) || undefined}>
            {clause.text}
            {clause.subclauses.length > 0 ? (
              <ol>
                {clause.subclauses.map((sub) => (
                  <li key={sub.number} value={Number(sub.number) || undefined}>
                    {sub.text}
                  </li>
                ))}
              </ol>
            ) : null}
          </li>
        ))}
      </ol>,
    );
    clauses = [];
  };
  blocks.forEach((block, index) => {
    if (block.kind === "clause") return void clauses.push(block);
    flushClauses();
    if (block.kind === "title") items.push(<h2 key={index}>{block.text}</h2>);
    if (block.kind === "paragraph") {
      const emphasised = emphasis.some((value) => block.text === value || block.text === `${value}.`);
      items.push(<p key={index}>{emphasised ? <strong>{block.text}</strong> : block.text}</p>);
    }
    if (block.kind === "footnote")
      items.push(
        <p key={index} className="footnote">
          {block.marker} {block.text}
        </p>,
      );
    if (block.kind === "affirmation")
      items.push(
        <p key={index} className="affirmation">
          {block.text}
        </p>,
      );
  });
  flushClauses();
  return <article className="agreement-text">{items}</article>;
}
