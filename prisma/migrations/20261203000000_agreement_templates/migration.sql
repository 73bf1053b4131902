-- Agreement templates (issue 13): a template owns immutable versions; each version says who signs,
-- which choices the author answers and the camera-ready notice; a volume picks its template.
CREATE TYPE "SignerRule" AS ENUM ('corresponding_author', 'every_author');

CREATE TABLE "Template" (
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "archivedAt" TIMESTAMP(3),

    CONSTRAINT "Template_pkey" PRIMARY KEY ("key")
);

-- Every version issued so far gets its template (only PMLR's default exists before this).
INSERT INTO "Template" ("key", "name")
SELECT DISTINCT "key", CASE WHEN "key" = 'pmlr-publication-agreement' THEN 'PMLR publication agreement' ELSE "key" END
FROM "TemplateVersion";

ALTER TABLE "TemplateVersion" ADD COLUMN "signers" "SignerRule" NOT NULL DEFAULT 'corresponding_author',
ADD COLUMN "choices" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN "notice" TEXT NOT NULL DEFAULT '',
ADD COLUMN "language" TEXT NOT NULL DEFAULT 'en',
ADD COLUMN "createdById" TEXT;

-- PMLR's agreement grants CC BY 4.0: the notice its authors put in the camera-ready paper.
UPDATE "TemplateVersion"
SET "notice" = '© {{year}} {{authors}}. Published under a Creative Commons Attribution 4.0 International licence.'
WHERE "key" = 'pmlr-publication-agreement';

ALTER TABLE "TemplateVersion" ADD CONSTRAINT "TemplateVersion_key_fkey" FOREIGN KEY ("key") REFERENCES "Template"("key") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "Proceedings" ADD COLUMN "templateKey" TEXT;
ALTER TABLE "Proceedings" ADD CONSTRAINT "Proceedings_templateKey_fkey" FOREIGN KEY ("templateKey") REFERENCES "Template"("key") ON DELETE SET NULL ON UPDATE CASCADE;

ALTER TABLE "Agreement" ADD COLUMN "choiceAnswers" JSONB;
