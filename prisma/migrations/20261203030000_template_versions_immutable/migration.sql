-- Template versions are immutable (issue 13): editing a template adds version n+1, so an agreement's
-- version always shows the text it was issued on. The app's role has no UPDATE or DELETE on the
-- table (lib/db/grant-app-privileges.ts), and this trigger refuses an UPDATE even from the owner.
CREATE FUNCTION template_version_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'template versions are immutable: save a new version instead'
    USING ERRCODE = 'restrict_violation';
END;
$$;
CREATE TRIGGER "TemplateVersion_immutable" BEFORE UPDATE ON "TemplateVersion" FOR EACH ROW EXECUTE FUNCTION template_version_immutable();

-- The second sample template, modelled on the IEEE/ACM rights forms: the author picks the licence,
-- the work's status and declares third-party material. The same text ships as
-- lib/templates/samples/rights-form.templates.yaml (a test keeps the two identical).
INSERT INTO "Template" ("key", "name") VALUES ($tpl$rights-form$tpl$, $tpl$Rights form (licence choice, IEEE/ACM style)$tpl$);
INSERT INTO "TemplateVersion" ("id", "key", "version", "body", "sha256", "signers", "choices", "notice", "language")
VALUES (
  'sample-rights-form-v1',
  $tpl$rights-form$tpl$,
  1,
  $tpl$# Copyright and Licensing Form

This form concerns the article

{{article_title}}

by {{authors}} (“the article”), to be published in {{proceedings}} by {{publisher}} (“the publisher”). It is completed by {{corresponding_author}} on behalf of all authors (collectively “you”).

## Rights granted

1. You warrant that you are signing on behalf of all authors of the article and that you have their authority to do so.
{{choice:licence}}
2. The publisher will publish the article with a notice stating the copyright holder and the terms chosen above, and will deposit it with the indexing services it uses.

## Status of the work

{{choice:work_status}}

## Material owned by others

{{choice:third_party}}

## Warranties

3. You further warrant that:
1. The article is original, has not been published elsewhere and is not under consideration for publication elsewhere.
2. The article does not infringe any copyright or other right of anyone, and contains nothing unlawful or defamatory.
3. You have disclosed every source of funding and every competing interest in the article.

## General

4. This is the entire agreement between you and the publisher regarding the article. It ends if the publisher does not publish the article within one year of your signature.

I HAVE READ AND AGREE TO THE TERMS OF THIS FORM.$tpl$,
  encode(sha256(convert_to($tpl$# Copyright and Licensing Form

This form concerns the article

{{article_title}}

by {{authors}} (“the article”), to be published in {{proceedings}} by {{publisher}} (“the publisher”). It is completed by {{corresponding_author}} on behalf of all authors (collectively “you”).

## Rights granted

1. You warrant that you are signing on behalf of all authors of the article and that you have their authority to do so.
{{choice:licence}}
2. The publisher will publish the article with a notice stating the copyright holder and the terms chosen above, and will deposit it with the indexing services it uses.

## Status of the work

{{choice:work_status}}

## Material owned by others

{{choice:third_party}}

## Warranties

3. You further warrant that:
1. The article is original, has not been published elsewhere and is not under consideration for publication elsewhere.
2. The article does not infringe any copyright or other right of anyone, and contains nothing unlawful or defamatory.
3. You have disclosed every source of funding and every competing interest in the article.

## General

4. This is the entire agreement between you and the publisher regarding the article. It ends if the publisher does not publish the article within one year of your signature.

I HAVE READ AND AGREE TO THE TERMS OF THIS FORM.$tpl$, 'UTF8')), 'hex'),
  $tpl$corresponding_author$tpl$::"SignerRule",
  $tpl$[
  {
    "key": "licence",
    "question": "Under which terms will the article be published?",
    "options": [
      {
        "value": "cc-by-4.0",
        "label": "Open access under Creative Commons Attribution 4.0 (CC BY 4.0)",
        "clause": "You keep the copyright in the article and grant the public a *Creative Commons Attribution 4.0 International* licence (https://creativecommons.org/licenses/by/4.0/), which lets anyone share and adapt it with attribution.",
        "notice": "Published under a Creative Commons Attribution 4.0 International licence (CC BY 4.0)."
      },
      {
        "value": "cc-by-nc-4.0",
        "label": "Open access under Creative Commons Attribution-NonCommercial 4.0 (CC BY-NC 4.0)",
        "clause": "You keep the copyright in the article and grant the public a *Creative Commons Attribution-NonCommercial 4.0 International* licence (https://creativecommons.org/licenses/by-nc/4.0/), which lets anyone share and adapt it with attribution for non-commercial purposes.",
        "notice": "Published under a Creative Commons Attribution-NonCommercial 4.0 International licence (CC BY-NC 4.0)."
      },
      {
        "value": "exclusive-licence",
        "label": "Exclusive licence to publish (you keep the copyright)",
        "clause": "You keep the copyright in the article and grant the publisher the *exclusive* licence to publish, reproduce and distribute it in all media, and to license others to do so. You keep the right to post the accepted version on your own and your institution's websites.",
        "notice": "Publication rights licensed exclusively to {{publisher}}."
      }
    ]
  },
  {
    "key": "work_status",
    "question": "Is the article a government work?",
    "options": [
      {
        "value": "none",
        "label": "No, it is not a government work",
        "clause": "The article is not a work of any government, so the terms above apply to all of it.",
        "notice": "© {{year}} {{authors}}."
      },
      {
        "value": "us-government",
        "label": "US Government work (all authors are US Government employees acting in their duties)",
        "clause": "The article was written by employees of the United States Government as part of their official duties and is therefore not subject to copyright in the United States. The terms above apply to the extent that copyright exists.",
        "notice": "This work was prepared by employees of the US Government; it is not subject to copyright in the United States."
      },
      {
        "value": "crown-copyright",
        "label": "Crown copyright (UK, Canada, Australia or another Commonwealth government)",
        "clause": "The article is subject to Crown copyright. The Crown, not the authors, owns the copyright; you warrant that the Crown has authorised you to grant the terms above.",
        "notice": "© Crown copyright {{year}}."
      }
    ]
  },
  {
    "key": "third_party",
    "question": "Does the article contain material (figures, tables, text) owned by someone else?",
    "options": [
      {
        "value": "none",
        "label": "No third-party material",
        "clause": "The article contains no material owned by anyone other than the authors.",
        "notice": ""
      },
      {
        "value": "permission-obtained",
        "label": "Yes, and I have written permission to use it",
        "clause": "The article contains material owned by others; you hold written permission to reproduce it under the terms above and will give the publisher a copy on request.",
        "notice": "Third-party material is reproduced with permission.",
        "detail": {
          "label": "Which material, and from whom (e.g. “Figure 2, from Smith 2019, © Elsevier”)",
          "maxLength": 300
        }
      }
    ]
  }
]$tpl$::jsonb,
  $tpl${{choice:work_status}} {{choice:licence}} {{choice:third_party}}$tpl$,
  $tpl$en$tpl$
);
