import "server-only";
import { db } from "@/lib/db/client";
import { volumeProgress, type VolumeProgress } from "./volume-progress";

const DAY_MS = 86_400_000;

/** How far ahead the staff home looks for deadlines, and how long a passed one stays on it. */
export const DEADLINE_WEEKS_AHEAD = 6;
export const DEADLINE_DAYS_PASSED = 14;
const MAX_VOLUMES = 6;

/** Volumes whose camera-ready deadline is within six weeks or passed in the last two, soonest first. */
export async function listDeadlineVolumes(now = new Date()): Promise<VolumeProgress[]> {
  const volumes = await db.proceedings.findMany({
    where: {
      deadline: {
        gte: new Date(now.getTime() - DEADLINE_DAYS_PASSED * DAY_MS),
        lte: new Date(now.getTime() + DEADLINE_WEEKS_AHEAD * 7 * DAY_MS),
      },
    },
    orderBy: [{ deadline: "asc" }, { name: "asc" }],
    take: MAX_VOLUMES,
    select: { id: true, name: true, deadline: true, reminderDays: true },
  });
  return volumeProgress(
    volumes.map((volume) => ({ ...volume, deadline: volume.deadline! })),
    now,
  );
}
