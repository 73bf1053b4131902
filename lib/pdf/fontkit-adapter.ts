import "server-only";
import { EventEmitter } from "node:events";
import type { PDFDocument } from "pdf-lib";
import * as fontkit from "fontkit";
import { flattenCffSubset } from "./flatten-cff-subset";

type PdfLibFontkit = Parameters<PDFDocument["registerFontkit"]>[0];

/**
 * pdf-lib was written against @pdf-lib/fontkit, whose subsetting produces blank glyphs. Upstream
 * fontkit 2 subsets correctly but returns the subset from encode() instead of a stream, so this
 * gives each subset the encodeStream() pdf-lib reads from.
 *
 * Every document gets freshly parsed fonts (the bytes themselves are cached in fonts.ts): fontkit
 * remembers the first characters each glyph was reached by, and those end up in the PDF's text
 * mapping, so a font shared across renders would make the output depend on earlier renders.
 */
export const fontkitForPdfLib: PdfLibFontkit = {
  create(bytes: Uint8Array, postscriptName?: string) {
    const font = fontkit.create(bytes, postscriptName);
    const createSubset = font.createSubset.bind(font);
    font.createSubset = () => withEncodeStream(createSubset());
    return font as unknown as ReturnType<PdfLibFontkit["create"]>;
  },
};

function withEncodeStream(subset: fontkit.Subset) {
  flattenCffSubset(subset);
  return Object.assign(subset, {
    encodeStream() {
      const stream = new EventEmitter();
      // pdf-lib attaches its listeners after this returns, so emit on a later tick.
      setImmediate(() => {
        try {
          stream.emit("data", subset.encode());
          stream.emit("end");
        } catch (error) {
          stream.emit("error", error);
        }
      });
      return stream;
    },
  });
}
