import { AxisBottom, AxisLeft } from "@visx/axis";
import { curveStepAfter } from "@visx/curve";
import { Group } from "@visx/group";
import { scaleLinear, scaleUtc } from "@visx/scale";
import { Line, LinePath } from "@visx/shape";
import { Text } from "@visx/text";
import type { BurnUpSeries } from "@/lib/desk/burn-up-series";

const WIDTH = 640;
// Room above the plot for the deadline's and the reminders' labels, one row each: reminders a day
// or two apart (and the one on the deadline's day) would otherwise print over each other.
const LABEL_ROW = 13;
const MARGIN = { right: 96, bottom: 40, left: 48 };
const PLOT_H = 190;
const INNER_W = WIDTH - MARGIN.left - MARGIN.right;
const INNER_H = PLOT_H;

const shortDay = (date: Date) => date.toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });

/** The sentence that states the chart's numbers (its <desc>, and the caption's first line). */
export function burnUpSentence(series: BurnUpSeries): string {
  const last = series.days.at(-1);
  const signed = last?.cumulative ?? 0;
  const reminders = series.reminders.length
    ? ` Reminders: ${series.reminders.map((r) => `${r.day} (${r.daysBefore} days before)`).join(", ")}.`
    : " No reminders are set.";
  return (
    `${signed} of ${series.target} agreements signed by ${last?.day ?? "today"}; ` +
    `deadline ${series.deadline.toISOString().slice(0, 10)}.${reminders}`
  );
}

/**
 * Signatures per day, cumulated, climbing toward the number of agreements, with the deadline and the
 * reminder days as labelled vertical lines. Plain SVG from visx, rendered on the server; the
 * numbers are also stated in words and in a table.
 */
export function BurnUpChart({ series, id }: { series: BurnUpSeries; id: string }) {
  const top = LABEL_ROW * (series.reminders.length + 1) + 8;
  const height = top + PLOT_H + MARGIN.bottom;
  const x = scaleUtc<number>({ domain: [series.start, series.end], range: [0, INNER_W] });
  const most = Math.max(series.target, series.days.at(-1)?.cumulative ?? 0, 1);
  const y = scaleLinear<number>({ domain: [0, most], range: [INNER_H, 0], nice: true });
  // The step line reaches the end of today's column: a day's signatures count from its start.
  const points = series.days.map((day) => ({ date: day.date, value: day.cumulative }));
  const last = series.days.at(-1);
  if (last) points.push({ date: new Date(last.date.getTime() + 86_400_000), value: last.cumulative });
  const sentence = burnUpSentence(series);
  const withSignatures = series.days.filter((day) => day.signed > 0);
  return (
    <figure className="desk-burn-up">
      <svg viewBox={`0 0 ${WIDTH} ${height}`} width="100%" role="img" aria-labelledby={`${id}-title ${id}-desc`}>
        <title id={`${id}-title`}>Signatures per day against the deadline</title>
        <desc id={`${id}-desc`}>{sentence}</desc>
        <Group left={MARGIN.left} top={top}>
          <Line
            from={{ x: 0, y: y(series.target) }}
            to={{ x: INNER_W, y: y(series.target) }}
            stroke="#555"
            strokeDasharray="2 3"
          />
          <Text x={INNER_W + 6} y={y(series.target)} verticalAnchor="middle" fontSize={12} fill="#1a1a1a">
            {`${series.target} to sign`}
          </Text>
          {series.reminders.map((reminder, row) => (
            <g key={reminder.daysBefore}>
              <Line
                from={{ x: x(reminder.date), y: -LABEL_ROW * (row + 1) }}
                to={{ x: x(reminder.date), y: INNER_H }}
                stroke="#1d4ed8"
                strokeDasharray="4 3"
              />
              <Text
                x={x(reminder.date) - 4}
                y={-LABEL_ROW * (row + 1)}
                textAnchor="end"
                verticalAnchor="middle"
                fontSize={11}
                fill="#1d4ed8"
              >
                {reminder.daysBefore === 0 ? "reminder on the day" : `reminder ${reminder.daysBefore} d before`}
              </Text>
            </g>
          ))}
          <Line
            from={{ x: x(series.deadline), y: -top + 4 }}
            to={{ x: x(series.deadline), y: INNER_H }}
            stroke="#a4161a"
            strokeWidth={2}
          />
          <Text x={x(series.deadline) + 4} y={-top + 4} verticalAnchor="start" fontSize={12} fill="#a4161a">
            deadline
          </Text>
          <LinePath
            data={points}
            x={(point) => x(point.date)}
            y={(point) => y(point.value)}
            curve={curveStepAfter}
            stroke="#1a6e2e"
            strokeWidth={2.5}
          />
          {last ? (
            <Text
              x={Math.min(x(points.at(-1)!.date), INNER_W) + 4}
              y={y(last.cumulative) - 8}
              fontSize={12}
              fontWeight={700}
              fill="#1a6e2e"
            >
              {`${last.cumulative} signed`}
            </Text>
          ) : null}
          <AxisLeft scale={y} numTicks={5} tickFormat={(value) => String(value)} label="signed" />
          <AxisBottom top={INNER_H} scale={x} numTicks={6} tickFormat={(value) => shortDay(value as Date)} />
        </Group>
      </svg>
      <figcaption>
        <p>{sentence}</p>
        <details>
          <summary>Signatures by day (table)</summary>
          {withSignatures.length === 0 ? (
            <p>No signatures yet in this period.</p>
          ) : (
            <table className="desk-chart-table">
              <thead>
                <tr>
                  <th scope="col">Day</th>
                  <th scope="col">Signed that day</th>
                  <th scope="col">Signed in all</th>
                </tr>
              </thead>
              <tbody>
                {withSignatures.map((day) => (
                  <tr key={day.day}>
                    <td>{day.day}</td>
                    <td>{day.signed}</td>
                    <td>{day.cumulative}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </details>
      </figcaption>
    </figure>
  );
}
