/**
 * Hands many concurrent callers' items to one `run` call: the first caller's item runs at once,
 * and whatever arrives while a run is under way goes together in the next one (at most `maxBatch`
 * items). Under load each database round trip serves many emails; alone, nobody waits for a timer.
 * `run` returns one result per item, in order; if it throws, every caller of that batch gets the
 * error.
 */
export function groupCommit<In, Out>(
  run: (items: In[]) => Promise<Out[]>,
  { maxBatch }: { maxBatch: number },
): (item: In) => Promise<Out> {
  type Waiting = { item: In; resolve: (out: Out) => void; reject: (error: unknown) => void };
  let waiting: Waiting[] = [];
  let running = false;

  async function drain() {
    running = true;
    while (waiting.length > 0) {
      const batch = waiting.slice(0, maxBatch);
      waiting = waiting.slice(maxBatch);
      try {
        const results = await run(batch.map((entry) => entry.item));
        batch.forEach((entry, i) => entry.resolve(results[i]));
      } catch (error) {
        for (const entry of batch) entry.reject(error);
      }
    }
    running = false;
  }

  return (item) =>
    new Promise<Out>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      if (!running) void drain();
    });
}
