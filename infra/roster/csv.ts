import { parse } from "csv-parse/sync";

import { RosterEntry, RosterError, RosterIssue, SourcedEntry } from "./student";
import { decodeRosterText } from "./text";
import { canonicalField, FIELD_LABEL } from "./validate";

export interface CsvRow {
    line: number;
    cells: string[];
}

/** Record delimiters as spreadsheets write them; a file may mix them (an export appended to by hand). */
const RECORD_DELIMITERS = ["\r\n", "\n", "\r"];
const LINE_BREAK = /\r\n|\r|\n/g;

interface ParsedRecord {
    record: string[];
    raw: string;
    info: { lines: number };
}

/**
 * Splits CSV text into rows of fields (RFC 4180: quoted fields, doubled quotes, CRLF) with csv-parse,
 * each row with the line it starts on. `separator` is "," by the RFC; spreadsheets in locales with
 * a decimal comma write ";". Lenient where spreadsheets and hand edits are: spaces around a quoted
 * field, a quote inside an unquoted one, rows of different lengths (reported by the caller), and
 * rows with nothing in them are skipped. `rows` stops after that many records (the header).
 */
export function parseCsvRows(text: string, separator = ",", source = "roster.csv", rows?: number): CsvRow[] {
    let lastLine = 0;
    let records: ParsedRecord[];
    try {
        records = parse(text, {
            delimiter: separator, record_delimiter: RECORD_DELIMITERS, relax_column_count: true, relax_quotes: true, trim: true,
            info: true, raw: true, ...(rows ? { to: rows } : {}),
            on_record: (record: string[], context: { lines: number }) => { lastLine = context.lines; return record; },
        }) as unknown as ParsedRecord[];
    } catch (error) {
        if ((error as { code?: string }).code === "CSV_QUOTE_NOT_CLOSED") {
            // csv-parse names the end of the file; the quote opened in the row after the last one it finished.
            throw new RosterError(source, [{ line: lastLine + 1, message: "a quoted field is never closed" }]);
        }
        throw new RosterError(source, [{ line: (error as { lines?: number }).lines, message: `not valid CSV: ${(error as Error).message}` }]);
    }
    // info.lines is the line a record ends on; a quoted field may hold line breaks.
    return records
        .map(({ record, raw, info }) => ({ line: info.lines - (raw.replace(/(\r\n|\r|\n)$/, "").match(LINE_BREAK)?.length ?? 0), cells: record }))
        .filter((row) => row.cells.some((cell) => cell.trim() !== ""));
}

const SEPARATORS = [
    { char: ",", shown: "commas" },
    { char: ";", shown: '";"' },
    { char: "\t", shown: "tabs" },
] as const;
type Separator = (typeof SEPARATORS)[number];

const EXPECTED_COLUMNS = "expected email, name, given name, family name, budget";

/** The separator under which the header row names the most roster fields; a comma when none does. */
function detectSeparator(text: string, source: string): Separator {
    let best: { separator: Separator; known: number } = { separator: SEPARATORS[0], known: 0 };
    for (const separator of SEPARATORS) {
        const header = parseCsvRows(text, separator.char, source, 1)[0];
        const known = header ? header.cells.filter((c) => canonicalField(c.trim())).length : 0;
        if (known > best.known) best = { separator, known };
    }
    return best.separator;
}

/** A header without commas that holds another separator: says what its columns would be under it. */
function separatorHint(header: CsvRow): RosterIssue | undefined {
    if (header.cells.length > 1) return undefined;
    const other = SEPARATORS.slice(1).find((s) => header.cells[0].includes(s.char));
    if (!other) return undefined;
    const columns = header.cells[0].split(other.char).map((c) => `"${c.trim()}"`).join(", ");
    return {
        line: header.line,
        message: `the header row has no comma but has ${other.shown}: if the file is separated by ${other.shown}, ` +
            `its columns are ${columns}; ${EXPECTED_COLUMNS}`,
    };
}

/** Two columns feeding one field would have the last silently win: `roster import` lost an email that way. */
function duplicateColumns(columns: string[], line: number): RosterIssue[] {
    const byField = new Map<keyof RosterEntry, number[]>();
    columns.forEach((column, i) => {
        const field = canonicalField(column);
        if (field) byField.set(field, [...(byField.get(field) ?? []), i]);
    });
    return [...byField].filter(([, indexes]) => indexes.length > 1).map(([field, indexes]) => {
        const named = indexes.map((i) => `${i + 1} "${columns[i]}"`);
        const list = `${named.slice(0, -1).join(", ")} and ${named[named.length - 1]}`;
        return { line, message: `columns ${list} ${indexes.length === 2 ? "both" : "all"} give the ${FIELD_LABEL[field]}; keep one of them` };
    });
}

/**
 * Reads a roster exported from a spreadsheet, from the file's bytes so that an export in the
 * wrong encoding is refused rather than misread. The first row names the columns (email and name
 * required; given/family name and budget optional, in any order); ",", ";" and tab separators
 * are recognised by the header. Every error names `source`.
 */
export function readRosterCsv(bytes: Uint8Array, source = "roster.csv"): SourcedEntry[] {
    const text = decodeRosterText(bytes, source, "csv");
    const separator = detectSeparator(text, source);
    const rows = parseCsvRows(text, separator.char, source);
    if (rows.length === 0) return [];
    const [header, ...data] = rows;
    const columns = header.cells.map((c) => c.trim());
    const unknown = columns.filter((c) => !canonicalField(c));
    const fields = columns.map(canonicalField);
    const problems: RosterIssue[] = [];
    if (unknown.length > 0) {
        const hint = separatorHint(header);
        if (hint) problems.push(hint);
        problems.push({ line: header.line, message: `unknown column(s) ${unknown.map((c) => `"${c}"`).join(", ")}; ${EXPECTED_COLUMNS}` });
    }
    for (const required of ["email", "name"] as const) {
        if (!fields.includes(required)) problems.push({ line: header.line, message: `the header row has no "${required}" column` });
    }
    problems.push(...duplicateColumns(columns, header.line));
    if (problems.length > 0) throw new RosterError(source, problems);
    return data.map(({ line, cells }) => {
        if (cells.length > columns.length) {
            return { line, fields: {}, problem: `${cells.length} fields but the header has ${columns.length}; quote fields that contain ${separator.shown}` };
        }
        const entry: Record<string, unknown> = {};
        fields.forEach((field, i) => {
            const value = (cells[i] ?? "").trim();
            if (field && value !== "") entry[field] = value;
        });
        return { line, fields: entry };
    });
}
