// A broken 100,000-line file would otherwise produce a response of 100,000 messages; past the cap
// only a count is kept, shown as one closing entry.
import type { ImportProblem } from "./import-types";
import { formatCount } from "@/lib/text/format-count";

export const MAX_LISTED_PROBLEMS = 500;

export type ProblemList = {
  add(problem: ImportProblem): void;
  readonly count: number;
  list(): ImportProblem[];
};

export function createProblemList(limit = MAX_LISTED_PROBLEMS): ProblemList {
  const listed: ImportProblem[] = [];
  let count = 0;
  return {
    add(problem) {
      count += 1;
      if (listed.length < limit) listed.push(problem);
    },
    get count() {
      return count;
    },
    list() {
      const unlisted = count - listed.length;
      if (unlisted === 0) return [...listed];
      const message = `…and ${formatCount(unlisted)} more problem${unlisted === 1 ? "" : "s"}.`;
      return [...listed, { line: null, column: null, message }];
    },
  };
}
