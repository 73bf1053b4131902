import "server-only";
import type { FaceKey } from "./fonts";
import { faceText } from "./text-runs";

// Best first: Dancing Script reads most like a pen signature; Caveat also covers Cyrillic.
const HANDS: FaceKey[] = ["dancing-regular", "caveat-regular"];

/**
 * The handwriting face that has every character of a typed name, if one does. A name is never
 * set half in a hand and half in print: without full coverage it keeps the regular fonts, so
 * Chinese, Greek, Arabic and Hebrew signatures stay in Noto.
 */
export function handwritingFace(name: string): FaceKey | undefined {
  return HANDS.find((face) => faceText([{ text: name, style: "regular", face }]).faces.every((used) => used === face));
}
