import { apiHandler } from "@/lib/api/api-handler";
import { getProceedingsResource } from "@/lib/api/proceedings/read-proceedings";
import {
  deleteProceedingsRoute,
  getProceedingsRoute,
  updateProceedingsRoute,
} from "@/lib/api/routes/proceedings-routes";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { deleteProceedings } from "@/lib/proceedings/delete-proceedings";
import { saveProceedings } from "@/lib/proceedings/save-proceedings";

export const GET = apiHandler(getProceedingsRoute, async (_context, { params }) => ({
  status: 200,
  body: await getProceedingsResource(params.id),
}));

export const PATCH = apiHandler(updateProceedingsRoute, async (context, { params, body }) => {
  const current = await db.proceedings.findUnique({ where: { id: params.id } });
  if (!current) throw new AppError("NOT_FOUND", { userMessage: `There is no volume with the id "${params.id}".` });
  const { id, name, shortName, publisherName, deadline, linkExpiryDays, reminderDays, templateKey } = current;
  const unchanged = { name, shortName, publisherName, deadline, linkExpiryDays, reminderDays, templateKey };
  await saveProceedings(context, { ...unchanged, ...body, id });
  return { status: 200, body: await getProceedingsResource(id) };
});

export const DELETE = apiHandler(deleteProceedingsRoute, async (context, { params }) => {
  await deleteProceedings(context, { proceedingsId: params.id });
  return { status: 204 };
});
