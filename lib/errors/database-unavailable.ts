// How a lost or refused database connection looks, in each layer that can report one: pg itself
// (socket errors, PostgreSQL's shutdown and "cannot connect now" codes), the Prisma driver adapter
// (its DriverAdapterError kinds) and Prisma's own connection codes. Any of them means "try again
// shortly", never "something is broken in the app".

const NODE_SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN"]);
// 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now (starting up or shutting
// down), 53300 too_many_connections; class 08 is "connection exception".
const POSTGRES_CODES = new Set(["57P01", "57P02", "57P03", "53300"]);
// P1001 can't reach, P1002 timed out reaching, P1017 server closed the connection, P2024 timed
// out waiting for a pooled connection.
const PRISMA_CODES = new Set(["P1001", "P1002", "P1017", "P2024"]);
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
// pg raises these as plain Errors without a code.
const PG_MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect/,
  /^Client has encountered a connection error and is not queryable/,
  /^Client was closed and is not queryable/,
];

type Shape = {
  code?: unknown;
  errorCode?: unknown;
  kind?: unknown;
  originalCode?: unknown;
  message?: unknown;
  cause?: unknown;
  errors?: unknown;
  meta?: { driverAdapterError?: unknown };
};

function matches(error: Shape): boolean {
  const code = typeof error.code === "string" ? error.code : undefined;
  if (code && (NODE_SOCKET_CODES.has(code) || POSTGRES_CODES.has(code) || PRISMA_CODES.has(code))) return true;
  if (code && /^08[0-9A-Z]{3}$/.test(code)) return true;
  if (typeof error.errorCode === "string" && PRISMA_CODES.has(error.errorCode)) return true;
  if (typeof error.kind === "string" && ADAPTER_KINDS.has(error.kind)) return true;
  if (error.kind === "postgres" && typeof error.originalCode === "string") {
    return POSTGRES_CODES.has(error.originalCode) || error.originalCode.startsWith("08");
  }
  return typeof error.message === "string" && PG_MESSAGES.some((pattern) => pattern.test(error.message as string));
}

/** Whether an error (or what it wraps) says the database could not be reached or dropped the connection. */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (depth > 5 || typeof error !== "object" || error === null) return false;
  const shape = error as Shape;
  if (matches(shape)) return true;
  const inner = [shape.cause, shape.meta?.driverAdapterError, ...(Array.isArray(shape.errors) ? shape.errors : [])];
  return inner.some((wrapped) => isDatabaseUnavailable(wrapped, depth + 1));
}
