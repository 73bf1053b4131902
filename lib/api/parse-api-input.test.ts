import { describe, expect, it } from "vitest";
import { z } from "zod";
import { isAppError } from "@/lib/errors/app-error";
import { parseApiInput } from "./parse-api-input";

const body = z.object({ title: z.string().min(1, "Give a title.") });

describe("parseApiInput", () => {
  it("parses synchronous schemas without a promise, and lists every part's problems at once", async () => {
    const parts = [
      { place: "path" as const, schema: z.object({ id: z.string() }), value: { id: "a" } },
      { place: "query" as const, schema: undefined, value: {} },
      { place: "body" as const, schema: body, value: { title: "T" } },
    ];
    const values = parseApiInput(parts);
    expect(values).toEqual([{ id: "a" }, {}, { title: "T" }]);
    let refusal: unknown;
    try {
      parseApiInput([
        { place: "path", schema: z.object({ id: z.uuid("Not an id.") }), value: { id: "a" } },
        { place: "body", schema: body, value: { title: "" } },
      ]);
    } catch (error) {
      refusal = error;
    }
    expect(isAppError(refusal, "INVALID_INPUT") && refusal.fieldErrors).toEqual({
      "path:id": "Not an id.",
      "#/title": "Give a title.",
    });
  });

  it("parses a schema with an async check the async way, with the same answers", async () => {
    const unique = body.refine(async ({ title }) => title !== "taken", {
      message: "That title is taken.",
      path: ["title"],
    });
    const parsed = parseApiInput([{ place: "body", schema: unique, value: { title: "free" } }]);
    expect(parsed).toBeInstanceOf(Promise);
    expect(await parsed).toEqual([{ title: "free" }]);
    const refused = await Promise.resolve(
      parseApiInput([{ place: "body", schema: unique, value: { title: "taken" } }]),
    ).catch((error: unknown) => error);
    expect(isAppError(refused, "INVALID_INPUT") && refused.fieldErrors).toEqual({ "#/title": "That title is taken." });
  });
});
