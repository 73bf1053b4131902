import "server-only";
import { listTemplates } from "@/lib/templates/list-templates";
import { apiHandler } from "../api-handler";
import { listTemplatesRoute } from "./template-routes";

// The handler of ./template-routes.ts's route, served by the front door (lib/api/served-api-routes.ts).

export const listTemplatesHandler = apiHandler(listTemplatesRoute, async () => ({
  status: 200,
  body: {
    templates: (await listTemplates()).map((template) => ({
      ...template,
      updatedAt: template.updatedAt?.toISOString() ?? null,
    })),
  },
}));
