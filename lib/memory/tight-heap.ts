import v8 from "node:v8";

// V8 collects the old generation when it has grown to a multiple of what survived the previous
// full collection; under a steady stream of allocation it picks the largest multiple, 4. The web
// server with its worker keeps 60–80 MB alive, so a volume's import and its thousands of emails,
// which allocate fast but keep little, let the heap fill with ~250 MB of garbage between
// collections (measured: heap 330 MB of a 430 MB peak, 60–80 MB of it alive). Twice what survived
// is plenty while bulk work runs; the default comes back when it ends, so signing and pages keep
// V8's own choice (a tighter heap everywhere doubled the signing time).
const BULK_HEAP_GROWING_PERCENT = 100;

let holders = 0;

/**
 * Runs bulk work with the heap held to twice its live size; nested and concurrent holders share
 * one setting, and V8's default returns when the last one leaves. The setting applies from the
 * next full collection, which V8 schedules as usual.
 */
export async function withTightHeap<T>(work: () => Promise<T>): Promise<T> {
  if (holders++ === 0) v8.setFlagsFromString(`--heap-growing-percent=${BULK_HEAP_GROWING_PERCENT}`);
  try {
    return await work();
  } finally {
    if (--holders === 0) v8.setFlagsFromString("--heap-growing-percent=0");
  }
}

/** Whether bulk work holds the heap tight now (tests). */
export function heapHeldTight(): boolean {
  return holders > 0;
}
