// linebreak (the UAX #14 line breaker pdfkit uses) ships no types; this declares its whole API.
declare module "linebreak" {
  export default class LineBreaker {
    constructor(text: string);
    /** The next break opportunity: before the UTF-16 index `position`; null after the last. */
    nextBreak(): { position: number; required: boolean } | null;
  }
}
