-- Every-author signing (issue 13): each author's email where known, and one signer row per author
-- who signs an every-author agreement, with links of their own.
ALTER TABLE "Agreement" ADD COLUMN "authorEmails" TEXT[] DEFAULT ARRAY[]::TEXT[];

CREATE TYPE "SignerStatus" AS ENUM ('sent', 'viewed', 'signed', 'declined');

CREATE TABLE "Signer" (
    "id" TEXT NOT NULL,
    "agreementId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "status" "SignerStatus" NOT NULL DEFAULT 'sent',
    "viewedAt" TIMESTAMP(3),
    "signedAt" TIMESTAMP(3),
    "typedName" TEXT,
    "ip" TEXT,
    "userAgent" TEXT,
    "declinedAt" TIMESTAMP(3),
    "declineReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Signer_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "Signer_agreementId_position_key" ON "Signer"("agreementId", "position");
ALTER TABLE "Signer" ADD CONSTRAINT "Signer_agreementId_fkey" FOREIGN KEY ("agreementId") REFERENCES "Agreement"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "SigningLink" ADD COLUMN "signerId" TEXT;
CREATE INDEX "SigningLink_signerId_idx" ON "SigningLink"("signerId");
ALTER TABLE "SigningLink" ADD CONSTRAINT "SigningLink_signerId_fkey" FOREIGN KEY ("signerId") REFERENCES "Signer"("id") ON DELETE SET NULL ON UPDATE CASCADE;
