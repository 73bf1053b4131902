import { z } from "zod";
import { defineApiRoute } from "../define-api-route";
import {
  createProceedingsBody,
  listProceedingsQuery,
  proceedingsIdParams,
  proceedingsPage,
  proceedingsResource,
  updateProceedingsBody,
} from "../proceedings/proceedings-schemas";

export const listProceedingsRoute = defineApiRoute({
  method: "GET",
  path: "/proceedings",
  operationId: "listProceedings",
  tag: "Proceedings",
  permission: "agreements.view",
  summary: "List volumes",
  description: "Newest first, a page at a time: follow `next` until it is null.",
  query: listProceedingsQuery,
  responses: { 200: { description: "One page.", schema: proceedingsPage } },
});

export const createProceedingsRoute = defineApiRoute({
  method: "POST",
  path: "/proceedings",
  operationId: "createProceedings",
  tag: "Proceedings",
  permission: "proceedings.manage",
  summary: "Create a volume",
  body: createProceedingsBody,
  responses: {
    201: {
      description: "The new volume.",
      schema: proceedingsResource,
      headers: { Location: { description: "The new volume.", schema: z.string() } },
    },
  },
  problems: [404, 409],
});

export const getProceedingsRoute = defineApiRoute({
  method: "GET",
  path: "/proceedings/{id}",
  operationId: "getProceedings",
  tag: "Proceedings",
  permission: "agreements.view",
  summary: "One volume",
  params: proceedingsIdParams,
  responses: { 200: { description: "The volume.", schema: proceedingsResource } },
  problems: [404],
});

export const updateProceedingsRoute = defineApiRoute({
  method: "PATCH",
  path: "/proceedings/{id}",
  operationId: "updateProceedings",
  tag: "Proceedings",
  permission: "proceedings.manage",
  summary: "Change a volume's settings",
  description: "Only the fields sent change. Agreements already issued keep their text and deadline.",
  params: proceedingsIdParams,
  body: updateProceedingsBody,
  responses: { 200: { description: "The volume as it now is.", schema: proceedingsResource } },
  problems: [404, 409],
});

export const deleteProceedingsRoute = defineApiRoute({
  method: "DELETE",
  path: "/proceedings/{id}",
  operationId: "deleteProceedings",
  tag: "Proceedings",
  permission: "proceedings.manage",
  summary: "Delete a volume that has no agreements",
  description: "A volume with agreements stays (409): they and their audit trail are the record.",
  params: proceedingsIdParams,
  responses: { 204: { description: "Deleted." } },
  problems: [404, 409],
});
