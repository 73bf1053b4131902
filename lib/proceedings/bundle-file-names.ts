// Paper ids and short names are typed by people (or imported from a conference system): before one
// becomes a name inside a ZIP, anything that could climb out of the extraction folder, hide a
// file, or confuse a terminal or a file manager is replaced.

// UTF-8 bytes, not characters: most file systems cap a name at 255 bytes.
const MAX_STEM_BYTES = 150;

/** Letters and digits of any script, combining marks, "-", "_" and single dots; nothing else. */
export function safeFileStem(value: string, fallback: string): string {
  const cleaned = value
    .normalize("NFC")
    .replace(/[^\p{L}\p{M}\p{N}._-]/gu, "_")
    .replace(/\.{2,}/g, "_")
    .replace(/_+/g, "_")
    .replace(/^[._-]+|[._-]+$/g, "");
  const stem = truncateUtf8(cleaned, MAX_STEM_BYTES).replace(/[._-]+$/, "");
  return stem || fallback;
}

function truncateUtf8(value: string, maxBytes: number): string {
  let bytes = 0;
  let out = "";
  for (const character of value) {
    bytes += Buffer.byteLength(character, "utf8");
    if (bytes > maxBytes) break;
    out += character;
  }
  return out;
}

/**
 * Hands out distinct names. Case-insensitively distinct, since macOS and Windows would otherwise
 * unpack "A1Permission.pdf" over "a1Permission.pdf".
 */
export function uniqueNames() {
  const taken = new Set<string>();
  return (stem: string, suffix: string): string => {
    for (let n = 1; ; n++) {
      const name = `${n === 1 ? stem : `${stem}-${n}`}${suffix}`;
      if (taken.has(name.toLowerCase())) continue;
      taken.add(name.toLowerCase());
      return name;
    }
  };
}

/** "<shortName>-permissions.zip", or an ASCII slug of the volume's name when it has no short name. */
export function bundleFileName(volume: { name: string; shortName: string | null }): string {
  const slug = volume.name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80)
    .replace(/-+$/, "");
  const stem = volume.shortName ? safeFileStem(volume.shortName, slug || "proceedings") : slug || "proceedings";
  return `${stem}-permissions.zip`;
}
