import "server-only";

// The PDF reference limits a bfchar block to 100 entries.
const BLOCK = 100;

/**
 * The ToUnicode CMap that lets readers copy, search and extract text: each glyph code (a subset
 * glyph id) mapped to the characters it was drawn for. Built from what this document drew, so two
 * characters sharing one glyph map to whichever this document used first, whatever the process
 * rendered before.
 */
export function toUnicodeCmap(texts: ReadonlyMap<number, string>): string {
  const entries = [...texts]
    .filter(([, text]) => text.length > 0)
    .sort(([a], [b]) => a - b)
    .map(([code, text]) => `<${hex4(code)}> <${utf16Hex(text)}>`);
  const blocks: string[] = [];
  for (let start = 0; start < entries.length; start += BLOCK) {
    const block = entries.slice(start, start + BLOCK);
    blocks.push(`${block.length} beginbfchar\n${block.join("\n")}\nendbfchar`);
  }
  return [
    "/CIDInit /ProcSet findresource begin",
    "12 dict begin",
    "begincmap",
    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
    "/CMapName /Adobe-Identity-UCS def",
    "/CMapType 2 def",
    "1 begincodespacerange",
    "<0000> <FFFF>",
    "endcodespacerange",
    ...blocks,
    "endcmap",
    "CMapName currentdict /CMap defineresource pop",
    "end",
    "end",
  ].join("\n");
}

// Every glyph drawn is written through hex4 (page text and this map): a table of byte pairs
// spares three string operations per glyph, which showed in the seal's profile.
const HEX_BYTES = Array.from({ length: 256 }, (_, byte) => byte.toString(16).toUpperCase().padStart(2, "0"));

/** A 16-bit code (a glyph code or a UTF-16 unit) as four upper-case hex digits. */
export function hex4(value: number): string {
  return HEX_BYTES[(value >> 8) & 0xff] + HEX_BYTES[value & 0xff];
}

function utf16Hex(text: string): string {
  let hex = "";
  for (let index = 0; index < text.length; index++) hex += hex4(text.charCodeAt(index));
  return hex;
}
