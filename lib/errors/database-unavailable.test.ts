import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { PrismaClient } from "@/lib/db/generated/client";
import { formFailure } from "@/lib/forms/form-failure";
import { freePort } from "@/test/free-port";
import { describeError } from "./describe-error";
import { ERROR_MESSAGES } from "./error-messages";

// Real failures, as each layer raises them: nothing listening, and a connection PostgreSQL ends
// (what a restart does to every open connection: 57P01 admin_shutdown).

async function refusedByPg(): Promise<unknown> {
  const client = new pg.Client({ connectionString: `postgresql://x:y@127.0.0.1:${await freePort()}/z` });
  return client.connect().then(
    () => new Error("connected to nothing"),
    (error: unknown) => error,
  );
}

async function refusedThroughPrisma(): Promise<unknown> {
  const port = await freePort();
  const prisma = new PrismaClient({
    adapter: new PrismaPg({ connectionString: `postgresql://x:y@127.0.0.1:${port}/z` }),
  });
  try {
    return await prisma
      .$transaction(async (tx) => tx.$queryRaw`SELECT 1`)
      .then(
        () => new Error("reached nothing"),
        (error: unknown) => error,
      );
  } finally {
    await prisma.$disconnect();
  }
}

async function endedByPostgres(): Promise<unknown> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  client.on("error", () => undefined);
  await client.connect();
  const { rows } = await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
  const admin = new pg.Client({ connectionString: process.env.TEST_ADMIN_DATABASE_URL });
  await admin.connect();
  await admin.query("SELECT pg_terminate_backend($1)", [rows[0].pid]);
  await admin.end();
  const error = await client.query("SELECT 1").then(
    () => new Error("still connected"),
    (failure: unknown) => failure,
  );
  await client.end().catch(() => undefined);
  return error;
}

describe("a database that cannot be reached", () => {
  it.each([
    ["pg, nothing listening", refusedByPg],
    ["Prisma through its driver adapter, nothing listening", refusedThroughPrisma],
    ["a connection PostgreSQL terminated", endedByPostgres],
  ])("reads as UNAVAILABLE, 503, please try again: %s", async (_layer, fail) => {
    const described = describeError(await fail());
    expect(described).toMatchObject({ code: "UNAVAILABLE", status: 503 });
    expect(described.userMessage).toContain("please try again");
    expect(described.retryAfterSeconds).toBeGreaterThan(0);
  });

  it("tells the author at the signing form to try again, not that something broke", async () => {
    const state = formFailure(await refusedThroughPrisma(), { typedName: "Zhang Haoyang" });
    expect(state.formError).toBe(ERROR_MESSAGES.UNAVAILABLE.message);
    expect(state.formError).toContain("please try again in a minute");
    expect(state.values).toEqual({ typedName: "Zhang Haoyang" });
  });

  it("still reads any other error as INTERNAL", () => {
    expect(describeError(new Error("a bug")).code).toBe("INTERNAL");
  });
});
