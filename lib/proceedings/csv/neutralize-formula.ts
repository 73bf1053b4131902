// For CSV exports only. A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage
// return, which some spreadsheets skip before looking) as a formula, so a title typed by anyone
// could make a staff member's Excel fetch URLs or run commands (OWASP "CSV injection"). A leading
// apostrophe makes it text in Excel, LibreOffice and Google Sheets. Imports keep such values as
// typed: "-1 is not enough" is a legitimate title.

const FORMULA_START = /^[=+\-@\t\r]/;

export function neutralizeFormula(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}
