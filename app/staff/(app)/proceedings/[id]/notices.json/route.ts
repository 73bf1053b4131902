import { noticesRoute } from "../notices-route";

export const GET = noticesRoute("json");
