import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

// A process that compiles and runs 3,000 small functions once, then collects as the idle server does
// (and, to compare, as bulk work does); it prints the heap's bytecode after each collection and
// whether every function still gives its answer when called again. Plain JavaScript: tsx loads the
// module it imports, not this text.
const COMPILING_PROCESS = `
import v8 from "node:v8";
import { collectGarbage } from "./lib/memory/collect-garbage";
const bytecode = () => v8.getHeapCodeStatistics().bytecode_and_metadata_size;
const functions = Array.from({ length: 3000 }, (_, i) =>
  new Function("x", "let total = x; for (let k = 0; k < " + (i % 7) + "; k++) total += k * " + i + "; return { i: " + i + ", total };"),
);
const expected = functions.map((f, i) => JSON.stringify(f(i)));
collectGarbage();
const afterPlain = bytecode();
collectGarbage({ compact: true, dropCode: true });
const afterIdle = bytecode();
const sameAnswers = functions.every((f, i) => JSON.stringify(f(i)) === expected[i]);
console.log(JSON.stringify({ afterPlain, afterIdle, sameAnswers, recompiled: bytecode() }));
`;

describe("collecting garbage", () => {
  it("drops the bytecode of functions that ran once at the idle collection, and they still answer the same", () => {
    const flags = ["--import", "tsx", "--input-type=module"];
    const child = spawnSync(process.execPath, [...flags, "-e", COMPILING_PROCESS], { encoding: "utf8" });
    expect(child.stderr).toBe("");
    const { afterPlain, afterIdle, sameAnswers, recompiled } = JSON.parse(child.stdout) as Record<string, number>;
    // A plain collection keeps the code of functions that ran once; the idle one lets it go.
    expect(afterIdle).toBeLessThan(afterPlain / 2);
    expect(sameAnswers).toBe(true);
    // Called again, they were compiled again.
    expect(recompiled).toBeGreaterThan(afterIdle + (afterPlain - afterIdle) / 2);
  });
});
