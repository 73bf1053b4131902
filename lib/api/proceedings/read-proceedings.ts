import "server-only";
import { db } from "@/lib/db/client";
import type { Proceedings } from "@/lib/db/generated/client";
import { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors/app-error";
import type { ProceedingsResource } from "./proceedings-schemas";

/** A volume as the REST API shows it. */
export function proceedingsResourceOf(volume: Proceedings, agreements: number): ProceedingsResource {
  return {
    id: volume.id,
    name: volume.name,
    shortName: volume.shortName,
    publisherName: volume.publisherName,
    deadline: volume.deadline?.toISOString() ?? null,
    linkExpiryDays: volume.linkExpiryDays,
    reminderDays: volume.reminderDays,
    templateKey: volume.templateKey,
    createdAt: volume.createdAt.toISOString(),
    agreements,
  };
}

const withCount = { _count: { select: { agreements: true } } } as const;

/** GET /api/v1/proceedings/{id}. */
export async function getProceedingsResource(id: string): Promise<ProceedingsResource> {
  const volume = await db.proceedings.findUnique({ where: { id }, include: withCount });
  if (!volume) throw new AppError("NOT_FOUND", { userMessage: `There is no volume with the id "${id}".` });
  return proceedingsResourceOf(volume, volume._count.agreements);
}

type Position = { createdAt: Date; id: string };

function encodeCursor({ createdAt, id }: Position): string {
  return Buffer.from(JSON.stringify([createdAt.toISOString(), id])).toString("base64url");
}

function decodeCursor(cursor: string): Position {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown[];
    if (typeof createdAt === "string" && !Number.isNaN(Date.parse(createdAt)) && typeof id === "string")
      return { createdAt: new Date(createdAt), id };
  } catch {
    // Falls through to the refusal below.
  }
  const why = "pass the `next` value of the previous page unchanged.";
  throw new AppError("INVALID_INPUT", {
    status: 422,
    userMessage: `This cursor is not valid: ${why}`,
    fieldErrors: { "query:cursor": why },
  });
}

/**
 * GET /api/v1/proceedings: newest first, a page at a time. The cursor is the last row's
 * (createdAt, id), so a volume created or deleted meanwhile neither repeats nor skips another.
 */
export async function listProceedingsPage({ limit, cursor }: { limit: number; cursor?: string }) {
  const after = cursor ? decodeCursor(cursor) : null;
  const where: Prisma.ProceedingsWhereInput = after
    ? {
        OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }],
      }
    : {};
  const rows = await db.proceedings.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    include: withCount,
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    proceedings: page.map((volume) => proceedingsResourceOf(volume, volume._count.agreements)),
    next: rows.length > limit && last ? encodeCursor(last) : null,
  };
}
