import "server-only";
import type { Font, PathCommand, Subset } from "fontkit";
import { encodeCffCharstringsWith } from "./fontkit-internals";

// A glyph's flattened outline depends only on the font, so each is computed once per process.
const flatCharstrings = new WeakMap<Font, Map<number, Uint8Array>>();

/**
 * Makes a CFF (OpenType CJK) subset carry only its own outlines. fontkit keeps every local
 * subroutine slot of the Noto CJK faces (22,000 in one font dictionary), so even a one-character
 * subset weighs 40 KB compressed. Rewriting each subset glyph as a plain outline, with no
 * subroutine calls and no hints, brings that down to a few hundred bytes per glyph; hints matter
 * little for names printed at reading size.
 */
export function flattenCffSubset(subset: Subset, font: Font): void {
  encodeCffCharstringsWith(subset, (id) => flatCharstring(font, id));
}

function flatCharstring(font: Font, id: number): Uint8Array {
  let cached = flatCharstrings.get(font);
  if (!cached) flatCharstrings.set(font, (cached = new Map()));
  let charstring = cached.get(id);
  if (!charstring) cached.set(id, (charstring = outlineCharstring(font.getGlyph(id).path.commands)));
  return charstring;
}

const RMOVETO = 21;
const RLINETO = 5;
const RRCURVETO = 8;
const ENDCHAR = 14;

/** A Type 2 charstring drawing the outline with relative moves, lines and curves only. */
function outlineCharstring(commands: PathCommand[]): Uint8Array {
  const bytes: number[] = [];
  let x = 0;
  let y = 0;
  const relative = (points: number[]) => {
    const deltas: number[] = [];
    for (let index = 0; index < points.length; index += 2) {
      deltas.push(points[index] - x, points[index + 1] - y);
      x = points[index];
      y = points[index + 1];
    }
    return deltas;
  };
  for (const { command, args } of commands) {
    if (command === "moveTo") pushOperation(bytes, relative(args), RMOVETO);
    else if (command === "lineTo") pushOperation(bytes, relative(args), RLINETO);
    else if (command === "bezierCurveTo") pushOperation(bytes, relative(args), RRCURVETO);
    else if (command === "quadraticCurveTo") pushOperation(bytes, relative(quadraticAsCubic(x, y, args)), RRCURVETO);
    // closePath needs no operator: in CFF every moveto closes the previous contour.
  }
  bytes.push(ENDCHAR);
  return Uint8Array.from(bytes);
}

function quadraticAsCubic(x0: number, y0: number, [cx, cy, x, y]: number[]): number[] {
  return [x0 + (2 / 3) * (cx - x0), y0 + (2 / 3) * (cy - y0), x + (2 / 3) * (cx - x), y + (2 / 3) * (cy - y), x, y];
}

function pushOperation(bytes: number[], operands: number[], operator: number) {
  for (const value of operands) pushNumber(bytes, value);
  bytes.push(operator);
}

// Number encodings from Adobe Technical Note #5177, section 3.2.
function pushNumber(bytes: number[], value: number) {
  const rounded = Math.round(value * 65536) / 65536;
  if (!Number.isInteger(rounded) || rounded < -32768 || rounded > 32767) {
    const fixed = Math.round(rounded * 65536) | 0;
    bytes.push(255, (fixed >>> 24) & 0xff, (fixed >>> 16) & 0xff, (fixed >>> 8) & 0xff, fixed & 0xff);
  } else if (rounded >= -107 && rounded <= 107) {
    bytes.push(rounded + 139);
  } else if (rounded >= 108 && rounded <= 1131) {
    const v = rounded - 108;
    bytes.push((v >> 8) + 247, v & 0xff);
  } else if (rounded >= -1131 && rounded <= -108) {
    const v = -rounded - 108;
    bytes.push((v >> 8) + 251, v & 0xff);
  } else {
    bytes.push(28, (rounded >> 8) & 0xff, rounded & 0xff);
  }
}
