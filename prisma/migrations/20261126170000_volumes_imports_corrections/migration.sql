-- CreateEnum
CREATE TYPE "ImportStatus" AS ENUM ('previewed', 'issuing', 'done', 'failed');

-- AlterTable
ALTER TABLE "Agreement" ADD COLUMN     "paperId" TEXT,
ADD COLUMN     "supersedesId" TEXT,
ADD COLUMN     "voidReason" TEXT,
ADD COLUMN     "voidedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "EmailMessage" ADD COLUMN     "dedupeKey" TEXT;

-- AlterTable
ALTER TABLE "Proceedings" ADD COLUMN     "deadline" TIMESTAMP(3),
ADD COLUMN     "linkExpiryDays" INTEGER NOT NULL DEFAULT 30,
ADD COLUMN     "publisherName" TEXT,
ADD COLUMN     "reminderDays" INTEGER[] DEFAULT ARRAY[7, 2, 0]::INTEGER[],
ADD COLUMN     "shortName" TEXT;

-- CreateTable
CREATE TABLE "BulkImport" (
    "id" TEXT NOT NULL,
    "proceedingsId" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "fileSha256" TEXT NOT NULL,
    "status" "ImportStatus" NOT NULL DEFAULT 'previewed',
    "rows" JSONB NOT NULL,
    "total" INTEGER NOT NULL,
    "issued" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BulkImport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "BulkImport_proceedingsId_createdAt_idx" ON "BulkImport"("proceedingsId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Agreement_supersedesId_key" ON "Agreement"("supersedesId");

-- CreateIndex
CREATE UNIQUE INDEX "Agreement_proceedingsId_paperId_key" ON "Agreement"("proceedingsId", "paperId");

-- CreateIndex
CREATE UNIQUE INDEX "EmailMessage_dedupeKey_key" ON "EmailMessage"("dedupeKey");

-- CreateIndex
CREATE UNIQUE INDEX "Proceedings_shortName_key" ON "Proceedings"("shortName");

-- AddForeignKey
ALTER TABLE "BulkImport" ADD CONSTRAINT "BulkImport_proceedingsId_fkey" FOREIGN KEY ("proceedingsId") REFERENCES "Proceedings"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Agreement" ADD CONSTRAINT "Agreement_supersedesId_fkey" FOREIGN KEY ("supersedesId") REFERENCES "Agreement"("id") ON DELETE SET NULL ON UPDATE CASCADE;

