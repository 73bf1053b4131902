import { PatternCircles, PatternLines } from "@visx/pattern";

// Fills told apart by their texture, not only their colour: the charts read in greyscale and for
// people who do not see the colours.
export type PatternKey = "signed" | "opened" | "notOpened" | "declined" | "other";

export const PATTERN_FILL: Record<PatternKey, string> = {
  signed: "var(--chart-signed, #1a6e2e)",
  opened: "url(#desk-pattern-opened)",
  notOpened: "url(#desk-pattern-not-opened)",
  declined: "url(#desk-pattern-declined)",
  other: "url(#desk-pattern-other)",
};

/** The <defs> every desk chart's fills refer to (ids are shared: the same pattern on the whole page). */
export function ChartPatterns() {
  return (
    <defs>
      <PatternLines
        id="desk-pattern-opened"
        width={6}
        height={6}
        stroke="#1d4ed8"
        strokeWidth={1.5}
        background="#dbe4fb"
        orientation={["diagonal"]}
      />
      <PatternCircles id="desk-pattern-not-opened" width={6} height={6} radius={1.3} fill="#555" background="#fff" />
      <PatternLines
        id="desk-pattern-declined"
        width={7}
        height={7}
        stroke="#a4161a"
        strokeWidth={1.2}
        background="#fbe3e4"
        orientation={["diagonal", "diagonalRightToLeft"]}
      />
      <PatternLines
        id="desk-pattern-other"
        width={6}
        height={6}
        stroke="#999"
        strokeWidth={1}
        background="#f4f5f7"
        orientation={["horizontal"]}
      />
    </defs>
  );
}

/** A small square of a fill, for a legend. */
export function PatternSwatch({ pattern }: { pattern: PatternKey }) {
  return (
    <svg width="14" height="14" aria-hidden="true" focusable="false" className="desk-swatch">
      <ChartPatterns />
      <rect width="14" height="14" fill={PATTERN_FILL[pattern]} stroke="#1a1a1a" strokeWidth="1" />
    </svg>
  );
}
