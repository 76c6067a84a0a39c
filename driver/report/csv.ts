/** A CSV cell: text, or a number we formatted ourselves (a number can never be a formula). */
export type CsvCell = string | number;

/** Spreadsheets run a cell starting with these as a formula; tab and CR are OWASP's additions. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One RFC 4180 field, safe to open in a spreadsheet: text that could start a formula is prefixed
 * with an apostrophe, and a field holding a comma, quote or line break is quoted with quotes doubled.
 */
export function csvField(cell: CsvCell): string {
    if (typeof cell === "number") return Number.isFinite(cell) ? String(cell) : "";
    const text = FORMULA_START.test(cell) ? `'${cell}` : cell;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows joined with CRLF, as RFC 4180 asks, ending with a line break. */
export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
    return rows.map((row) => row.map(csvField).join(",")).join("\r\n") + "\r\n";
}
