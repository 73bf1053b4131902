-- AlterEnum
ALTER TYPE "SealStatus" ADD VALUE 'waiting_for_timestamp' BEFORE 'sealed';

-- AlterTable
ALTER TABLE "Agreement" ADD COLUMN     "sealWaitingSince" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "SignedDocument" ADD COLUMN     "timestampAt" TIMESTAMP(3),
ADD COLUMN     "timestampAuthority" TEXT,
ADD COLUMN     "timestampMissing" BOOLEAN NOT NULL DEFAULT false;
