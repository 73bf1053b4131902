import { createRequire } from "node:module";

type Trim = (pad: number) => number;

// undefined: not tried yet; null: this system has no glibc malloc_trim (musl, macOS) or koffi has
// no binary for it, and the server simply keeps what it keeps today.
let trim: Trim | null | undefined;

function loadTrim(): Trim | null {
  try {
    // Loaded at the first trim, not at start: a process that never goes quiet never pays for it.
    const koffi = createRequire(import.meta.url)("koffi") as typeof import("koffi");
    return koffi.load("libc.so.6").func("int malloc_trim(size_t pad)") as Trim;
  } catch {
    return null;
  }
}

/**
 * Hands the pages glibc's malloc holds free back to the system: `malloc_trim(0)`, through koffi
 * (there is no Node API for it). glibc gives back on its own only the free memory at the top of
 * its heap; what a burst of work freed below memory still in use stays resident for good. On the
 * idle server that was 4–18 MB of a 15–25 MB heap holding ~10 MB (measured with gdb): compiling a
 * route's modules and sealing fill it with V8's compiler zones, and a few objects that outlive
 * them pin the pages around. It runs only with no request in flight, and took ~1 ms at a quiet
 * spell, 24 ms the first time after the signing page's and sealing's code was compiled (measured
 * on the bench's server); the next request faults fresh pages in only where it needs them.
 * Returns whether the system could be asked.
 */
export function trimMallocHeap(): boolean {
  trim ??= loadTrim();
  if (!trim) return false;
  trim(0);
  return true;
}
