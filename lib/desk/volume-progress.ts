import "server-only";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { burnUpSeries, type BurnUpSeries } from "./burn-up-series";

type Volume = { id: string; name: string; deadline: Date; reminderDays: number[] };

/** Where a volume's current agreements stand, for its progress bar (the rest: voided or expired). */
export type VolumeProgressCounts = {
  total: number;
  signed: number;
  opened: number;
  notOpened: number;
  declined: number;
  other: number;
};

export type VolumeProgress = Volume & { counts: VolumeProgressCounts; burnUp: BurnUpSeries };

/**
 * The progress bar and burn-up chart of each volume: two statements for all of them (counts by
 * status, signatures by day), each read through the (proceedingsId, status) indexes.
 */
export async function volumeProgress(volumes: Volume[], now = new Date()): Promise<VolumeProgress[]> {
  if (volumes.length === 0) return [];
  const ids = volumes.map((volume) => volume.id);
  const [byStatus, byDay] = await Promise.all([
    db.agreement.groupBy({
      by: ["proceedingsId", "status"],
      where: { proceedingsId: { in: ids }, superseded: false },
      _count: { _all: true },
      _min: { issuedAt: true },
    }),
    db.$queryRaw<{ proceedingsId: string; day: string; signed: number }[]>`
      SELECT a."proceedingsId", to_char(a."signedAt", 'YYYY-MM-DD') AS day, count(*)::int AS signed
      FROM "Agreement" a
      WHERE a."proceedingsId" IN (${Prisma.join(ids)}) AND a.status = 'signed' AND NOT a.superseded
      GROUP BY 1, 2`,
  ]);
  return volumes.map((volume) => {
    const rows = byStatus.filter((row) => row.proceedingsId === volume.id);
    const count = (status: string) => rows.find((row) => row.status === status)?._count._all ?? 0;
    const total = rows.reduce((sum, row) => sum + row._count._all, 0);
    const counts = {
      total,
      signed: count("signed"),
      opened: count("viewed"),
      notOpened: count("sent"),
      declined: count("declined"),
      other: count("voided") + count("expired"),
    };
    const issued = rows.map((row) => row._min.issuedAt).filter((date): date is Date => date !== null);
    const firstIssuedAt = issued.length ? new Date(Math.min(...issued.map((date) => date.getTime()))) : null;
    const signedPerDay = Object.fromEntries(
      byDay.filter((row) => row.proceedingsId === volume.id).map((row) => [row.day, row.signed]),
    );
    const burnUp = burnUpSeries({
      firstIssuedAt,
      deadline: volume.deadline,
      now,
      target: total - counts.other,
      reminderDays: volume.reminderDays,
      signedPerDay,
    });
    return { ...volume, counts, burnUp };
  });
}
