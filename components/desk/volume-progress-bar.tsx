import { Group } from "@visx/group";
import { scaleBand, scaleLinear } from "@visx/scale";
import { BarStackHorizontal } from "@visx/shape";
import type { VolumeProgressCounts } from "@/lib/desk/volume-progress";
import { ChartPatterns, PATTERN_FILL, PatternSwatch, type PatternKey } from "./chart-patterns";

const SEGMENTS: { key: PatternKey; label: string }[] = [
  { key: "signed", label: "signed" },
  { key: "opened", label: "opened, not signed" },
  { key: "notOpened", label: "not opened" },
  { key: "declined", label: "declined" },
  { key: "other", label: "voided or expired" },
];

const WIDTH = 600;
const HEIGHT = 28;

/** The volume's agreements as one bar: signed, opened, not opened, declined (and the rest). */
export function VolumeProgressBar({ counts, id }: { counts: VolumeProgressCounts; id: string }) {
  const shown = SEGMENTS.filter(({ key }) => key !== "other" || counts.other > 0);
  const sentence = `${counts.total} agreement${counts.total === 1 ? "" : "s"}: ${shown
    .map(({ key, label }) => `${counts[key]} ${label}`)
    .join(", ")}.`;
  const xScale = scaleLinear<number>({ domain: [0, Math.max(counts.total, 1)], range: [0, WIDTH] });
  const yScale = scaleBand<string>({ domain: ["volume"], range: [0, HEIGHT] });
  return (
    <figure className="desk-progress">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width="100%"
        preserveAspectRatio="none"
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
      >
        <title id={`${id}-title`}>Progress of the volume&apos;s agreements</title>
        <desc id={`${id}-desc`}>{sentence}</desc>
        <ChartPatterns />
        <rect width={WIDTH} height={HEIGHT} fill="#fff" stroke="#1a1a1a" />
        <Group>
          <BarStackHorizontal<VolumeProgressCounts, PatternKey>
            data={[counts]}
            keys={shown.map(({ key }) => key)}
            y={() => "volume"}
            xScale={xScale}
            yScale={yScale}
            color={(key) => PATTERN_FILL[key]}
          >
            {(stacks) =>
              stacks.flatMap((stack) =>
                stack.bars.map((bar) => (
                  <rect
                    key={`${stack.key}-${bar.index}`}
                    x={bar.x}
                    y={bar.y}
                    width={Math.max(bar.width, 0)}
                    height={bar.height}
                    fill={bar.color}
                    stroke="#1a1a1a"
                    strokeWidth={bar.width > 0 ? 0.5 : 0}
                  />
                )),
              )
            }
          </BarStackHorizontal>
        </Group>
      </svg>
      <figcaption>
        <ul className="desk-legend">
          {shown.map(({ key, label }) => (
            <li key={key}>
              <PatternSwatch pattern={key} /> <strong>{counts[key]}</strong> {label}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
