import v8 from "node:v8";
import vm from "node:vm";

let gc: (() => void) | undefined;

export type CollectOptions = {
  /** Also move the survivors together, so the pages they were spread over go back to the system. */
  compact?: boolean;
  /**
   * Also drop the compiled bytecode of every function not running now; a function called again is
   * compiled again from its source (which V8 keeps), on its next call. V8 drops only what has not
   * run for 5 of its own full collections, and an idle server makes none: the code of start-up and
   * of the last requests' one-off paths stayed in the heap for good (measured: 3.7 MB of bytecode
   * in the web server's heap after the bench's signing, 1.3 MB after this).
   */
  dropCode?: boolean;
};

/**
 * One full collection now; with `compact` and `dropCode`, one that also shrinks the heap as above
 * (Node 20's gc() takes no "last-resort" option, so V8's flags are set around this one call: they
 * are process-wide, so a collection of another thread meanwhile is as thorough, nothing worse).
 * The one way this code collects: bulk work starts with it (tight-heap), and the quiet web server
 * and an idle sealing thread shrink with it (collect-when-idle).
 *
 * No `--expose-gc` for the whole process, which would hand `gc` to every module: V8 gives it to
 * contexts made while the flag is set, and this one lends it to us alone.
 */
export function collectGarbage({ compact = false, dropCode = false }: CollectOptions = {}) {
  if (!gc) {
    v8.setFlagsFromString("--expose-gc");
    try {
      gc = vm.runInNewContext("gc") as () => void;
    } finally {
      v8.setFlagsFromString("--no-expose-gc");
    }
  }
  if (!compact && !dropCode) return gc();
  if (compact) v8.setFlagsFromString("--compact-on-every-full-gc");
  // "Stress" flushing treats every function's bytecode as old: the flag's one use outside V8's tests.
  if (dropCode) v8.setFlagsFromString("--stress-flush-code");
  try {
    gc();
  } finally {
    if (compact) v8.setFlagsFromString("--no-compact-on-every-full-gc");
    if (dropCode) v8.setFlagsFromString("--no-stress-flush-code");
  }
}
