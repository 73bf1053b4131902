// How the bench prints its figures: one JSON object, or a table. Shared by every group.

/**
 * One figure. `spread` is the range [min, max] over the repetitions the figure's value was taken
 * from (the value is their median); figures that are counted rather than timed have none.
 */
export type Figure = { value: number; unit: string; target?: string; spread?: [number, number] };
export type Figures = Record<string, Figure>;

const round = (value: number) => Math.round(value * 100) / 100;

/**
 * `{ figure: { value, unit, spread?: [min, max], target? } }`, and beside every figure taken over
 * repetitions its spread as a figure of its own, `<figure>_spread` (max − min, same unit), so a
 * reader comparing two runs sees how much of a difference is noise.
 */
export function figuresJson(
  figures: Figures,
): Record<string, { value: number; unit: string; spread?: number[]; target?: string }> {
  const out: Record<string, { value: number; unit: string; spread?: number[]; target?: string }> = {};
  for (const [name, { value, unit, spread, target }] of Object.entries(figures)) {
    out[name] = {
      value: round(value),
      unit,
      ...(spread ? { spread: spread.map(round) } : {}),
      ...(target ? { target } : {}),
    };
    if (spread) out[`${name}_spread`] = { value: round(spread[1] - spread[0]), unit };
  }
  return out;
}

/** The table: each figure with the range of its repetitions and its target. */
export function figuresTable(figures: Figures): string {
  const lines = ["figure                              value   (range over repetitions)   target"];
  for (const [name, { value, unit, target, spread }] of Object.entries(figures)) {
    const shown = `${value.toFixed(value < 10 ? 2 : 1)} ${unit}`.padStart(10);
    const range = spread ? `(${spread[0].toFixed(2)}–${spread[1].toFixed(2)})` : "";
    lines.push(`${name.padEnd(32)} ${shown}   ${range.padEnd(24)}   ${target ? `${target} ${unit}` : ""}`);
  }
  return lines.join("\n");
}
