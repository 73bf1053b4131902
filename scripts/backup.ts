// `npm run backup [FILE]`: a consistent pg_dump custom-format archive of DATABASE_URL's database,
// or of the embedded one under DATA_DIR. Exit 0 written, 1 not. README: "Backups".
import path from "node:path";
import { backupDatabase } from "../lib/db/backup/backup-database";
import { openDatabaseTarget, type DatabaseTarget } from "../lib/db/backup/database-target";

const stamp = new Date()
  .toISOString()
  .replace(/[-:]/g, "")
  .replace(/\.\d+Z$/, "Z");
const file = path.resolve(process.argv[2] ?? `imprimatur-${stamp}.dump`);
let target: DatabaseTarget | undefined;
let exitCode = 1;
try {
  target = await openDatabaseTarget();
  const backup = await backupDatabase({ databaseUrl: target.ownerUrl, file });
  console.log(
    [
      `Backup of ${target.where} written to ${backup.file} (${(backup.bytes / 1024 / 1024).toFixed(1)} MB,`,
      `PostgreSQL ${backup.serverVersion}, ${backup.client}).`,
      `Restore it into an empty database with: npm run restore ${path.relative(process.cwd(), backup.file)}`,
    ].join("\n"),
  );
  exitCode = 0;
} catch (error) {
  console.error(`The backup failed: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  await target?.close().catch(() => undefined);
}
process.exit(exitCode);
