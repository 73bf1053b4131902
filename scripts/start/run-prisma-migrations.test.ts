import { describe, expect, it } from "vitest";
import { migrateDatabase, ownerRightsWarning } from "./run-prisma-migrations";

describe("the start script's check of the app's database role", () => {
  it("warns when the app would connect as a superuser or as the tables' owner, and not as the app role", async () => {
    expect(await ownerRightsWarning(process.env.TEST_ADMIN_DATABASE_URL!)).toMatch(
      /^the app connects as imprimatur, a superuser: it could switch off the audit log's append-only triggers/,
    );
    expect(await ownerRightsWarning(process.env.TEST_OWNER_DATABASE_URL!)).toMatch(
      /^the app connects as imprimatur_owner, the owner of the tables: .* Set MIGRATION_DATABASE_URL/,
    );
    expect(await ownerRightsWarning(process.env.DATABASE_URL!)).toBeNull();
  });

  it("lets an instance given only the app role's URL start when nothing is left to migrate, without a warning", async () => {
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (message: string) => void warnings.push(message);
    try {
      await migrateDatabase({ ...process.env, MIGRATION_DATABASE_URL: "" });
    } finally {
      console.warn = warn;
    }
    expect(warnings).toEqual([]);
  });
});
