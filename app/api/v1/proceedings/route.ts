import { apiHandler } from "@/lib/api/api-handler";
import { listProceedingsPage, proceedingsResourceOf } from "@/lib/api/proceedings/read-proceedings";
import { createProceedingsRoute, listProceedingsRoute } from "@/lib/api/routes/proceedings-routes";
import { saveProceedings } from "@/lib/proceedings/save-proceedings";

export const GET = apiHandler(listProceedingsRoute, async (_context, { query }) => ({
  status: 200,
  body: await listProceedingsPage(query),
}));

export const POST = apiHandler(createProceedingsRoute, async (context, { body }) => {
  const volume = await saveProceedings(context, body);
  return {
    status: 201,
    headers: { Location: `/api/v1/proceedings/${volume.id}` },
    body: proceedingsResourceOf(volume, 0),
  };
});
