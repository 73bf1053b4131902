import { metadataRoute } from "../metadata-route";

export const GET = metadataRoute("signers.json");
