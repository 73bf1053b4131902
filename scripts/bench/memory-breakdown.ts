import { readFileSync } from "node:fs";

export type MemoryBreakdown = Record<"anonymous" | "brkHeap" | "nodeBinary" | "sharedLibraries" | "otherFiles", number>;

/**
 * Where a process's resident memory lies, from /proc/<pid>/smaps, in MB: anonymous mappings (the
 * V8 heap, code space and the malloc arenas of other threads), the main thread's malloc heap
 * (`[heap]`), the node binary's pages, shared libraries and other mapped files.
 */
export function memoryBreakdown(pid: number): MemoryBreakdown {
  const totals: MemoryBreakdown = { anonymous: 0, brkHeap: 0, nodeBinary: 0, sharedLibraries: 0, otherFiles: 0 };
  let bucket: keyof MemoryBreakdown = "anonymous";
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/smaps`, "utf8");
  } catch {
    return totals;
  }
  for (const line of text.split("\n")) {
    const mapping = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (mapping) {
      const name = mapping[1];
      bucket =
        name === "[heap]"
          ? "brkHeap"
          : name === "" || name.startsWith("[")
            ? "anonymous"
            : /\/node$/.test(name)
              ? "nodeBinary"
              : /\.so(\.|$)|\.node$/.test(name)
                ? "sharedLibraries"
                : "otherFiles";
      continue;
    }
    if (line.startsWith("Rss:")) totals[bucket] += Number(line.match(/\d+/)![0]) / 1024;
  }
  return totals;
}
