import type { IncomingMessage, ServerResponse } from "node:http";
import { ERROR_MESSAGES } from "@/lib/errors/error-messages";
import { databaseAnswers, isDatabaseDown } from "@/lib/errors/database-outage";
import { linkProblemPage } from "./link-problem-page";

type Handler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

const RETRY_AFTER_SECONDS = "10";

// Pages cannot choose their status, and a page whose data cannot be read renders Next's 500. Here,
// in front of Next, that 500 becomes a 503 page saying "try again" when (and only when) the
// database is the reason. Server actions keep Next's own answer (their forms show UNAVAILABLE's
// sentence through formFailure), as do Next's assets and the JSON routes, which describe their
// own errors.
const passesThrough = (request: IncomingMessage) =>
  request.headers["next-action"] !== undefined ||
  (request.url ?? "").startsWith("/_next/") ||
  (request.url ?? "").startsWith("/api/");

/** Wraps Next's request handler so a database outage reads as a clear 503 page, never a stack or a 500. */
export function answerDatabaseOutage(handle: Handler): Handler {
  return async (request, response) => {
    if (passesThrough(request)) return handle(request, response);
    if (isDatabaseDown()) return sendUnavailable(response);
    holdServerErrors(response);
    return handle(request, response);
  };
}

function sendUnavailable(
  response: ServerResponse,
  { writeHead, end }: Pick<ServerResponse, "writeHead" | "end"> = response,
) {
  const { title, message } = ERROR_MESSAGES.UNAVAILABLE;
  for (const name of response.getHeaderNames()) response.removeHeader(name);
  writeHead.call(response, 503, {
    "Content-Type": "text/html; charset=utf-8",
    "Cache-Control": "no-store",
    "Retry-After": RETRY_AFTER_SECONDS,
  });
  (end as (chunk: string) => ServerResponse).call(response, linkProblemPage({ title, message }));
}

/**
 * Lets the response through untouched unless Next starts a 500; then holds what Next writes while
 * one probe asks the database, and either sends Next's answer as it was or the 503 page instead.
 */
function holdServerErrors(response: ServerResponse) {
  const original = { writeHead: response.writeHead, write: response.write, end: response.end };
  let held: Array<() => void> | undefined;
  let released = false;
  let replaced = false;
  let headHeld = false;
  const startHolding = () => {
    held = [];
    void databaseAnswers().then((answers) => {
      if (answers) {
        Object.assign(response, original);
        released = true;
        return replay(response, held!);
      }
      // Next may still be writing its page: the wrappers stay and swallow the rest of it.
      replaced = true;
      sendUnavailable(response, original);
    });
  };
  const intercept = <Args extends unknown[], Result>(
    method: (...args: Args) => Result,
    status: (args: Args) => number,
    resultWhileHeld: Result,
    { isHead = false } = {},
  ) =>
    function (this: ServerResponse, ...args: Args): Result {
      if (replaced) return resultWhileHeld;
      // Next's stream keeps the `end` it took from the response and calls that: once Next's answer
      // is let through, the wrappers pass every call on. Held after the replay, that end was lost
      // and the browser left waiting (seen on a loaded machine, where the probe answered before
      // Next had finished writing).
      if (released) return method.apply(response, args);
      if (!held && !response.headersSent && status(args) === 500) startHolding();
      if (!held) return method.apply(response, args);
      // While held, the head is not sent, so node asks for it again at every write (its implicit
      // header): only the first stands. Replayed, a second one would throw "Cannot write headers
      // after they are sent", and the writes after it, the end too, were lost: the browser waited.
      if (isHead && headHeld) return resultWhileHeld;
      if (isHead) headHeld = true;
      held.push(() => method.apply(response, args));
      return resultWhileHeld;
    };
  response.writeHead = intercept(
    original.writeHead as (...args: unknown[]) => ServerResponse,
    (args) => Number(args[0]),
    response,
    { isHead: true },
  ) as ServerResponse["writeHead"];
  response.write = intercept(
    original.write as (...args: unknown[]) => boolean,
    () => response.statusCode,
    true,
  ) as ServerResponse["write"];
  response.end = intercept(
    original.end as (...args: unknown[]) => ServerResponse,
    () => response.statusCode,
    response,
  ) as ServerResponse["end"];
}

/** Sends what was held, in order; should any of it fail, the connection is closed rather than left waiting. */
function replay(response: ServerResponse, held: Array<() => void>) {
  try {
    for (const call of held) call();
  } catch (error) {
    console.error("A held server error page could not be sent:", error);
    response.destroy();
  }
}
