-- CreateTable
CREATE TABLE "TimestampedDocument" (
    "id" BIGSERIAL NOT NULL,
    "agreementId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "pdf" BYTEA NOT NULL,
    "sha256" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "previousSha256" TEXT NOT NULL,
    "timestampAt" TIMESTAMP(3) NOT NULL,
    "timestampAuthority" TEXT NOT NULL,
    "authorityCertificateNotAfter" TIMESTAMP(3) NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TimestampedDocument_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "TimestampedDocument_sha256_key" ON "TimestampedDocument"("sha256");

-- CreateIndex
CREATE UNIQUE INDEX "TimestampedDocument_agreementId_version_key" ON "TimestampedDocument"("agreementId", "version");

-- AddForeignKey
ALTER TABLE "TimestampedDocument" ADD CONSTRAINT "TimestampedDocument_agreementId_fkey" FOREIGN KEY ("agreementId") REFERENCES "Agreement"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A timestamped version is evidence like the sealed PDF it extends: once stored it never changes,
-- whoever asks. (The app's role has only SELECT and INSERT on it; lib/db/grant-app-privileges.ts.)
CREATE TRIGGER "TimestampedDocument_append_only_rows" BEFORE UPDATE OR DELETE ON "TimestampedDocument" FOR EACH ROW EXECUTE FUNCTION evidence_append_only();
CREATE TRIGGER "TimestampedDocument_append_only_table" BEFORE TRUNCATE ON "TimestampedDocument" FOR EACH STATEMENT EXECUTE FUNCTION evidence_append_only();
