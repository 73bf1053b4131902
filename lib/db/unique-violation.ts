type UniqueViolation = {
  code?: unknown;
  /** pg's own error (a statement sent on the plain pg pool): `Key ("a", "b")=(…) already exists.` */
  detail?: unknown;
  meta?: {
    target?: unknown;
    driverAdapterError?: { cause?: { kind?: unknown; constraint?: { fields?: unknown } } };
  };
};

/**
 * The columns of the unique index a Prisma write ran into (P2002), or null for any other error.
 * Prisma's own engine reports them as `meta.target`; through a driver adapter (ours) they arrive as
 * `meta.driverAdapterError.cause.constraint.fields`, sometimes still in PostgreSQL's identifier
 * quotes. Both are read here, so a caller names the field without knowing which it got. A raw
 * statement ($queryRaw) that runs into one fails as P2010 with the adapter's UniqueConstraintViolation;
 * one sent on the plain pg pool fails with PostgreSQL's own code, 23505, naming the columns in its detail.
 */
export function uniqueViolationFields(error: unknown): string[] | null {
  const { code, meta, detail } = (error ?? {}) as UniqueViolation;
  if (code === "23505") {
    const columns = /^Key \((.*?)\)=/.exec(String(detail ?? ""))?.[1] ?? "";
    return columns
      .split(", ")
      .filter(Boolean)
      .map((field) => field.replace(/^"(.*)"$/, "$1"));
  }
  const rawUnique = code === "P2010" && meta?.driverAdapterError?.cause?.kind === "UniqueConstraintViolation";
  if (code !== "P2002" && !rawUnique) return null;
  const reported = meta?.target ?? meta?.driverAdapterError?.cause?.constraint?.fields ?? [];
  return (Array.isArray(reported) ? reported : [reported]).map((field) => String(field).replace(/^"(.*)"$/, "$1"));
}
