import { stringify } from "csv-stringify/sync";

/** A CSV cell: text, or a number we formatted ourselves (a number can never be a formula). */
export type CsvCell = string | number;

/**
 * What csv-stringify's `escape_formulas` misses, because it looks at the field's first character
 * only (tests/driver/report/csv.test.ts shows both): a formula lead (= + - @, ASCII or full width)
 * after leading spaces, and one right after a `,` `;` or tab inside the field, where a spreadsheet
 * whose list separator is that character starts a new cell (Excel in German, French, Spanish and
 * Italian splits on `;`). https://owasp.org/www-community/attacks/CSV_Injection
 */
const HIDDEN_FORMULA_LEAD = /(^\s+|[,;\t]\s*)(?=[=+\-@\uFF1D\uFF0B\uFF0D\uFF20])/g;

function neutraliseHiddenLeads(text: string): string {
    return text.replace(HIDDEN_FORMULA_LEAD, "$1'");
}

/**
 * Rows as RFC 4180 CSV (CRLF, quotes doubled), safe to open in any locale's spreadsheet: text that
 * could start a formula gets an apostrophe before it (csv-stringify's escape_formulas, plus the
 * cases above), and a field holding `;` or a tab is quoted as well as one holding `,` `"` CR or LF,
 * so a `;`- or tab-separated reading keeps it one cell.
 */
export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
    const cells = rows.map((row) => row.map((cell) => typeof cell === "number"
        ? (Number.isFinite(cell) ? cell : "")
        : neutraliseHiddenLeads(cell)));
    return stringify(cells, { escape_formulas: true, quoted_match: /[;\t]/, record_delimiter: "\r\n" });
}

/** One field as toCsv writes it. */
export function csvField(cell: CsvCell): string {
    return toCsv([[cell]]).slice(0, -2);
}
