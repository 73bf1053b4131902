import { z } from "zod";
import { defineApiRoute } from "../define-api-route";

const isoTime = z.iso.datetime().meta({ example: "2026-11-30T20:15:00.000Z" });

const templateList = z
  .object({
    templates: z.array(
      z.object({
        key: z.string().meta({ description: "What a volume's templateKey names." }),
        name: z.string(),
        newestVersion: z.number().int().meta({ description: "Agreements are issued on the newest version." }),
        updatedAt: isoTime.nullable(),
        volumes: z.number().int().meta({ description: "How many volumes issue on it." }),
        builtIn: z.boolean().meta({ description: "The built-in default (PMLR's agreement)." }),
      }),
    ),
  })
  .meta({
    id: "TemplateList",
    example: {
      templates: [
        {
          key: "pmlr-publication-agreement",
          name: "PMLR publication agreement",
          newestVersion: 1,
          updatedAt: null,
          volumes: 3,
          builtIn: true,
        },
      ],
    },
  });

export const listTemplatesRoute = defineApiRoute({
  method: "GET",
  path: "/templates",
  operationId: "listTemplates",
  tag: "Templates",
  permission: "templates.manage",
  summary: "The agreement templates volumes can issue on",
  description: "The built-in default first, then every template not archived, with its newest version.",
  responses: { 200: { description: "Every template.", schema: templateList } },
});
