-- Sessions stored so far hold the raw cookie value, which anyone reading the database could replay.
-- They are dropped (staff sign in again); from now on the column holds sha256 of the cookie.
DELETE FROM "Session";

-- Sign-in links issued before the upgrade were valid for 24 hours; the new limit is 15 minutes.
DELETE FROM "VerificationToken";

-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;
