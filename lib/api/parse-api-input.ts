import "server-only";
import { z } from "zod";
import { AppError } from "@/lib/errors/app-error";
import { problemLocationKey } from "./problem-response";
import { formatCount } from "@/lib/text/format-count";

export const DEFAULT_API_BODY_LIMIT = 64 * 1024;

type Place = "body" | "query" | "path" | "header";
type Problems = Record<string, string>;

function collect(problems: Problems, place: Place, error: z.ZodError) {
  for (const issue of error.issues) {
    const key = problemLocationKey(place, issue.path);
    problems[key] = problems[key] ? `${problems[key]} ${issue.message}` : issue.message;
  }
}

type Part = { place: Place; schema: z.ZodType | undefined; value: unknown };
type Parsed = ReturnType<z.ZodType["safeParse"]> | undefined;

/**
 * Parses every part of a request, then refuses it with all of its problems at once (422), each by
 * where it is. The API's schemas are synchronous and are parsed so, sparing each call its promises;
 * a schema that needs async parsing (zod says so before it answers) has every part parsed async.
 */
export function parseApiInput(parts: Part[]): unknown[] | Promise<unknown[]> {
  const results: Parsed[] = [];
  for (const { schema, value } of parts) {
    try {
      results.push(schema?.safeParse(value));
    } catch (error) {
      if (!(error instanceof z.core.$ZodAsyncError)) throw error;
      const parsing = parts.map(({ schema: each, value: eachValue }) => each?.safeParseAsync(eachValue));
      return Promise.all(parsing).then((settled) => valuesOrProblems(parts, settled));
    }
  }
  return valuesOrProblems(parts, results);
}

function valuesOrProblems(parts: Part[], results: Parsed[]): unknown[] {
  const problems: Problems = {};
  const values: unknown[] = [];
  parts.forEach(({ place }, index) => {
    const parsed = results[index];
    if (!parsed) values.push(place === "body" ? undefined : {});
    else if (parsed.success) values.push(parsed.data);
    else collect(problems, place, parsed.error);
  });
  const count = Object.keys(problems).length;
  if (count > 0) {
    throw new AppError("INVALID_INPUT", {
      status: 422,
      userMessage: `The request has ${count === 1 ? "a problem" : `${count} problems`}: see "errors".`,
      fieldErrors: problems,
    });
  }
  return values;
}

/** What a 413 of a route with a `limit`-byte cap says. */
export function tooLargeSentence(limit: number): string {
  return `The request body is larger than this endpoint accepts (${formatCount(Math.round(limit / 1024))} KB).`;
}

// Invalid UTF-8 becomes U+FFFD, as a web Request's text() would have it.
const utf8 = new TextDecoder("utf-8", { fatal: false });

/** The request's body (read with its route's cap) as JSON, or a 400 saying why it is not JSON. */
export function parseJsonBody(contentType: string | null, bytes: Uint8Array): unknown {
  const type = contentType ?? "";
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type.trim())) {
    throw new AppError("INVALID_INPUT", {
      userMessage: `Send the body as JSON with "Content-Type: application/json" (this request said "${type.slice(0, 80)}").`,
    });
  }
  const text = utf8.decode(bytes);
  if (!text.trim())
    throw new AppError("INVALID_INPUT", { userMessage: "The request body is empty: send a JSON object." });
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new AppError("INVALID_INPUT", {
      userMessage: `The request body is not valid JSON: ${error instanceof Error ? error.message : String(error)}.`,
    });
  }
}
