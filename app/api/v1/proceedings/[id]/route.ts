import { apiHandler } from "@/lib/api/api-handler";
import { getProceedingsResource } from "@/lib/api/proceedings/read-proceedings";
import {
  deleteProceedingsRoute,
  getProceedingsRoute,
  updateProceedingsRoute,
} from "@/lib/api/routes/proceedings-routes";
import { deleteProceedings } from "@/lib/proceedings/delete-proceedings";
import { patchProceedings } from "@/lib/api/proceedings/patch-proceedings";

export const GET = apiHandler(getProceedingsRoute, async (_context, { params }) => ({
  status: 200,
  body: await getProceedingsResource(params.id),
}));

export const PATCH = apiHandler(updateProceedingsRoute, async (context, { params, body }) => {
  await patchProceedings(context, params.id, body);
  return { status: 200, body: await getProceedingsResource(params.id) };
});

export const DELETE = apiHandler(deleteProceedingsRoute, async (context, { params }) => {
  await deleteProceedings(context, { proceedingsId: params.id });
  return { status: 204 };
});
