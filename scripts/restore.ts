// `npm run restore FILE`: restores a backup from `npm run backup` into an EMPTY database
// (DATABASE_URL's, or the embedded one under DATA_DIR, created when new), then restates the app
// role's grants and applies any migration newer than the backup, as `npm start` would.
// Exit 0 restored, 1 not (and then nothing was changed). README: "Backups".
import path from "node:path";
import { openDatabaseTarget, type DatabaseTarget } from "../lib/db/backup/database-target";
import { restoreDatabase } from "../lib/db/backup/restore-database";
import { migrateDatabase } from "./start/run-prisma-migrations";

let target: DatabaseTarget | undefined;
let exitCode = 1;
try {
  if (!process.argv[2]) throw new Error("name the backup file: npm run restore FILE");
  const file = path.resolve(process.argv[2]);
  target = await openDatabaseTarget();
  const restored = await restoreDatabase({ databaseUrl: target.ownerUrl, file });
  await migrateDatabase({ ...process.env, DATABASE_URL: target.appUrl, MIGRATION_DATABASE_URL: target.ownerUrl }).catch(
    (error: unknown) => {
      throw new Error(
        `${file} was restored, but the migrations and grants after it failed (${error instanceof Error ? error.message : String(error)}); ` +
          "`npm start` with the same settings makes them again.",
      );
    },
  );
  console.log(
    [
      `Restored ${file} into ${target.where} (PostgreSQL ${restored.serverVersion}).`,
      "The seal's certificate and the secrets are not in a backup: keep SIGNING_CERT_P12 (or DATA_DIR's",
      "signing-certificate.p12 and its passphrase file) and NEXTAUTH_SECRET (or DATA_DIR's nextauth-secret) as before.",
    ].join("\n"),
  );
  exitCode = 0;
} catch (error) {
  console.error(`The restore failed: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  await target?.close().catch(() => undefined);
}
process.exit(exitCode);
