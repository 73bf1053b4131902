-- The authors' emails in a chosen language, the signed copy in the language the author signed in.
ALTER TABLE "Agreement" ADD COLUMN "language" TEXT NOT NULL DEFAULT 'en',
ADD COLUMN "signedLanguage" TEXT;

ALTER TABLE "Signer" ADD COLUMN "signedLanguage" TEXT;
