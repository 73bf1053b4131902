export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export const median = (values: number[]) => percentile(values, 50);

/** A figure measured over several repetitions: the median of the repetitions and their range. */
export type Repeated = { value: number; spread: [number, number] };

export function overRepetitions(values: number[]): Repeated {
  return { value: median(values), spread: [Math.min(...values), Math.max(...values)] };
}
