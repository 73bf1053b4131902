-- The self-signed seal generated when SIGNING_CERT_P12 is unset, kept in the database rather than
-- in one instance's DATA_DIR, so every web instance and worker seals and verifies with the same
-- certificate. One row (id 1): the first instance to insert it wins, the others read it. The
-- .p12 and its passphrase are encrypted with a key derived from NEXTAUTH_SECRET; the certificate
-- itself (public) is kept readable beside them.
CREATE TABLE "StoredSigningCertificate" (
    "id" INTEGER NOT NULL,
    "sealedP12" TEXT NOT NULL,
    "certificatePem" TEXT NOT NULL,
    "fingerprintSha256" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StoredSigningCertificate_pkey" PRIMARY KEY ("id")
);
