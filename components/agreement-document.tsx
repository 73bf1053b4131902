import type { AgreementBlock } from "@/lib/agreements/agreement-blocks";
import { agreementHtml } from "@/lib/agreements/agreement-html";

/**
 * The agreement as the author reads it: numbered clauses and sub-clauses, footnote, affirmation.
 * One escaped HTML string (lib/agreements/agreement-html.ts) rather than a tree of elements: the
 * text never changes once issued and has nothing interactive, and as elements it was most of the
 * signing page's render time.
 */
export function AgreementDocument({ blocks, emphasis = [] }: { blocks: AgreementBlock[]; emphasis?: string[] }) {
  return <article className="agreement-text" dangerouslySetInnerHTML={{ __html: agreementHtml(blocks, emphasis) }} />;
}
