import { apiHandler } from "@/lib/api/api-handler";
import { listTemplatesRoute } from "@/lib/api/routes/template-routes";
import { listTemplates } from "@/lib/templates/list-templates";

export const GET = apiHandler(listTemplatesRoute, async () => ({
  status: 200,
  body: {
    templates: (await listTemplates()).map((template) => ({
      ...template,
      updatedAt: template.updatedAt?.toISOString() ?? null,
    })),
  },
}));
