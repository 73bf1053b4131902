import v8 from "node:v8";
import { collectGarbage } from "./collect-garbage";

// V8 collects the old generation when it has grown to a multiple of what survived the previous
// full collection; under a steady stream of allocation it picks the largest multiple, 4. The web
// server with its worker keeps 60–80 MB alive, so a volume's import and its thousands of emails,
// which allocate fast but keep little, let the heap fill with ~250 MB of garbage between
// collections (measured: heap 330 MB of a 430 MB peak, 60–80 MB of it alive). Half as much again
// as what survived is plenty while bulk work runs (twice still let a volume's import reach 180 MB
// of heap over 85 MB alive); the default comes back when it ends, so signing and pages keep V8's
// own choice (a tighter heap everywhere doubled the signing time).
const BULK_HEAP_GROWING_PERCENT = 50;

// V8 applies the growing factor when a full collection sets the next limit. The limit in force
// when bulk work starts was set under the default: after a burst of signing it let the heap reach
// 240 MB before the first collection of a volume's import (measured: peak 495 MB on a server that
// had sealed 50 PDFs at once, 269 MB on a fresh one). So bulk work starts with a full collection,
// and the tight limit holds from its first row. At most one per minute: an email backlog starts
// and stops holding the heap as its deliveries come and go.
const COLLECTION_INTERVAL_MS = 60_000;
// The tight setting stays this long after the last holder leaves, so a backlog whose deliveries
// dip below the threshold for a moment is not collected under the default meanwhile.
const RELEASE_DELAY_MS = 5_000;

let holders = 0;
let tight = false;
let releaseTimer: NodeJS.Timeout | undefined;
let lastCollection = -Infinity;

function holdTight() {
  clearTimeout(releaseTimer);
  releaseTimer = undefined;
  if (tight) return;
  tight = true;
  v8.setFlagsFromString(`--heap-growing-percent=${BULK_HEAP_GROWING_PERCENT}`);
  if (performance.now() - lastCollection < COLLECTION_INTERVAL_MS) return;
  lastCollection = performance.now();
  collectGarbage();
}

function releaseSoon() {
  releaseTimer = setTimeout(() => {
    releaseTimer = undefined;
    tight = false;
    v8.setFlagsFromString("--heap-growing-percent=0");
  }, RELEASE_DELAY_MS);
  releaseTimer.unref();
}

/**
 * Runs bulk work with the heap held to 1.5 times its live size; nested and concurrent holders share
 * one setting, and V8's default returns a few seconds after the last one leaves.
 */
export async function withTightHeap<T>(work: () => Promise<T>): Promise<T> {
  if (holders++ === 0) holdTight();
  try {
    return await work();
  } finally {
    if (--holders === 0) releaseSoon();
  }
}

/** Whether bulk work holds the heap tight now (tests). */
export function heapHeldTight(): boolean {
  return holders > 0;
}
