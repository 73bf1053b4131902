import "server-only";
import { deleteProceedings } from "@/lib/proceedings/delete-proceedings";
import { saveProceedings } from "@/lib/proceedings/save-proceedings";
import { apiHandler } from "../api-handler";
import { patchProceedings } from "../proceedings/patch-proceedings";
import { getProceedingsResource, listProceedingsPage, proceedingsResourceOf } from "../proceedings/read-proceedings";
import {
  createProceedingsRoute,
  deleteProceedingsRoute,
  getProceedingsRoute,
  listProceedingsRoute,
  updateProceedingsRoute,
} from "./proceedings-routes";

// The handlers of ./proceedings-routes.ts's routes, served by the front door (lib/api/served-api-routes.ts).

export const listProceedingsHandler = apiHandler(listProceedingsRoute, async (_context, { query }) => ({
  status: 200,
  body: await listProceedingsPage(query),
}));

export const createProceedingsHandler = apiHandler(createProceedingsRoute, async (context, { body }) => {
  const volume = await saveProceedings(context, body);
  return {
    status: 201,
    headers: { Location: `/api/v1/proceedings/${volume.id}` },
    body: proceedingsResourceOf(volume, 0),
  };
});

export const getProceedingsHandler = apiHandler(getProceedingsRoute, async (_context, { params }) => ({
  status: 200,
  body: await getProceedingsResource(params.id),
}));

export const updateProceedingsHandler = apiHandler(updateProceedingsRoute, async (context, { params, body }) => {
  await patchProceedings(context, params.id, body);
  return { status: 200, body: await getProceedingsResource(params.id) };
});

export const deleteProceedingsHandler = apiHandler(deleteProceedingsRoute, async (context, { params }) => {
  await deleteProceedings(context, { proceedingsId: params.id });
  return { status: 204 };
});
