import { describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/errors/app-error";
import { ERROR_MESSAGES } from "@/lib/errors/error-messages";
import { errorResponse } from "./error-response";

describe("turning an error into an HTTP response", () => {
  it("answers with the error's status and its specific sentence, not the code's general one", async () => {
    const error = new AppError("NOT_SIGNED", { userMessage: "Only a signed agreement can be marked published." });
    const response = errorResponse(error);
    expect(response.status).toBe(409);
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.text()).toBe("Not signed yet\n\nOnly a signed agreement can be marked published.\n");
  });

  it("says when to come back when the error knows, and only then", () => {
    const limited = errorResponse(new AppError("RATE_LIMITED", { retryAfterSeconds: 42 }));
    expect(limited.headers.get("retry-after")).toBe("42");
    expect(errorResponse(new AppError("SEAL_FAILED")).headers.has("retry-after")).toBe(false);
  });

  it("answers a JSON route with the sentence and the code", async () => {
    const error = new AppError("PAYLOAD_TOO_LARGE", { userMessage: "The file is larger than 10 MB." });
    const response = errorResponse(error, { as: "json" });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: "The file is larger than 10 MB.", code: "PAYLOAD_TOO_LARGE" });
  });

  it("answers an unexpected error with 500 and the general sentence, revealing nothing, and logs it", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const bug = new Error("connection string postgres://app:hunter2@db");
    const response = errorResponse(bug, { as: "json" });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: ERROR_MESSAGES.INTERNAL.message, code: "INTERNAL" });
    expect(log).toHaveBeenCalledWith(bug);
    log.mockRestore();
  });
});
