// Reads an agreement's <article> back into the lines of text a reader sees, numbering included:
// what the frozen text says, for tests that check the page shows exactly that.

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", "#x27": "'" };

/** The text of the first <article class="agreement-text"> in `html`, one line per block, list item or clause. */
export function agreementArticleLines(html: string): string[] {
  const article = /<article class="agreement-text"[^>]*>([\s\S]*?)<\/article>/.exec(html)?.[1];
  if (article === undefined) throw new Error("no agreement text on the page");
  return article
    .replace(/<li value="(\d+)">/g, "\n$1. ")
    .replace(/<\/(p|h2|li|ol)>/g, "\n")
    .replace(/<[^>]*>/g, "")
    .replace(/&(amp|lt|gt|quot|#39|#x27);/g, (_entity, name: string) => ENTITIES[name])
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
}

/** The frozen text's lines as a reader compares them (blank lines and indentation aside). */
export function frozenTextLines(text: string): string[] {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim().replace(/^([¹²³⁴⁵⁶⁷⁸⁹⁰]+)\s*/, "$1 "))
    .filter(Boolean);
}
