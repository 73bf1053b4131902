import Link from "next/link";
import { formatUtc } from "@/lib/dates/format-utc";
import type { VolumeProgress } from "@/lib/desk/volume-progress";
import { BurnUpChart } from "./burn-up-chart";
import { VolumeProgressBar } from "./volume-progress-bar";

const DAY_MS = 86_400_000;

function whenDue(deadline: Date, now: Date): string {
  const days = Math.ceil((deadline.getTime() - now.getTime()) / DAY_MS);
  if (days < 0) return `passed ${-days} day${days === -1 ? "" : "s"} ago`;
  if (days === 0) return "today";
  return `in ${days} day${days === 1 ? "" : "s"}`;
}

/** A volume's deadline, progress bar and burn-up chart (the staff home and the volume's page). */
export function VolumeDeadlineCard({
  volume,
  now,
  headingLevel = 3,
  linkName = true,
}: {
  volume: VolumeProgress;
  now: Date;
  headingLevel?: 2 | 3;
  linkName?: boolean;
}) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const id = `volume-${volume.id}`;
  return (
    <section className="card desk-volume" aria-labelledby={`${id}-heading`}>
      <Heading id={`${id}-heading`}>
        {linkName ? (
          <Link href={`/staff/proceedings/${volume.id}`}>{volume.name}</Link>
        ) : (
          "Progress toward the deadline"
        )}
      </Heading>
      <p>
        Camera-ready deadline {formatUtc(volume.deadline)} ({whenDue(volume.deadline, now)})
      </p>
      <VolumeProgressBar counts={volume.counts} id={`${id}-progress`} />
      <BurnUpChart series={volume.burnUp} id={`${id}-burn-up`} />
    </section>
  );
}
