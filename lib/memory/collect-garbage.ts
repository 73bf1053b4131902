import v8 from "node:v8";
import vm from "node:vm";

let gc: (() => void) | undefined;

/**
 * One full collection now; with `compact`, one that also moves the survivors together, so the pages
 * they were spread over go back to the system (Node 20's gc() takes no "last-resort" option, so
 * compaction is asked for around this one call). The one way this code collects: bulk work starts
 * with it (tight-heap), and the quiet web server and an idle sealing thread shrink with it
 * (collect-when-idle).
 *
 * No `--expose-gc` for the whole process, which would hand `gc` to every module: V8 gives it to
 * contexts made while the flag is set, and this one lends it to us alone.
 */
export function collectGarbage({ compact = false }: { compact?: boolean } = {}) {
  if (!gc) {
    v8.setFlagsFromString("--expose-gc");
    try {
      gc = vm.runInNewContext("gc") as () => void;
    } finally {
      v8.setFlagsFromString("--no-expose-gc");
    }
  }
  if (!compact) return gc();
  v8.setFlagsFromString("--compact-on-every-full-gc");
  try {
    gc();
  } finally {
    v8.setFlagsFromString("--no-compact-on-every-full-gc");
  }
}
