import { canonicalField, RosterError, SourcedEntry } from "./roster";

/** Splits CSV text into rows of fields (RFC 4180: quoted fields, doubled quotes, CRLF), with each row's line. */
export function parseCsvRows(text: string): { line: number; cells: string[] }[] {
    const rows: { line: number; cells: string[] }[] = [];
    let cells: string[] = [];
    let cell = "";
    let quoted = false;
    let line = 1;
    let rowLine = 1;
    const endRow = () => {
        cells.push(cell);
        if (cells.some((c) => c.trim() !== "")) rows.push({ line: rowLine, cells });
        cells = [];
        cell = "";
    };
    const src = text.replace(/^\uFEFF/, ""); // spreadsheets often save a byte-order mark
    for (let i = 0; i < src.length; i++) {
        const ch = src[i];
        if (quoted) {
            if (ch === '"' && src[i + 1] === '"') { cell += '"'; i++; }
            else if (ch === '"') quoted = false;
            else { if (ch === "\n") line++; cell += ch; }
        } else if (ch === '"' && cell.trim() === "") { quoted = true; cell = ""; }
        else if (ch === ",") { cells.push(cell); cell = ""; }
        else if (ch === "\n" || ch === "\r") {
            if (ch === "\r" && src[i + 1] === "\n") i++;
            endRow();
            line++;
            rowLine = line;
        } else cell += ch;
    }
    if (quoted) throw new RosterError("roster CSV", [{ line: rowLine, message: "a quoted field is never closed" }]);
    endRow();
    return rows;
}

/**
 * Reads a roster exported from a spreadsheet. The first row names the columns
 * (email and name required; given/family name and budget optional, in any order).
 */
export function readRosterCsv(text: string, source = "roster.csv"): SourcedEntry[] {
    const rows = parseCsvRows(text);
    if (rows.length === 0) return [];
    const [header, ...data] = rows;
    const columns = header.cells.map((c) => c.trim());
    const unknown = columns.filter((c) => !canonicalField(c));
    const fields = columns.map(canonicalField);
    const problems = [];
    if (unknown.length > 0) {
        problems.push({ line: header.line, message: `unknown column(s) ${unknown.map((c) => `"${c}"`).join(", ")}; expected email, name, given name, family name, budget` });
    }
    for (const required of ["email", "name"] as const) {
        if (!fields.includes(required)) problems.push({ line: header.line, message: `the header row has no "${required}" column` });
    }
    if (problems.length > 0) throw new RosterError(source, problems);
    return data.map(({ line, cells }) => {
        if (cells.length > columns.length) {
            return { line, fields: {}, problem: `${cells.length} fields but the header has ${columns.length}; quote fields that contain commas` };
        }
        const entry: Record<string, unknown> = {};
        fields.forEach((field, i) => {
            const value = (cells[i] ?? "").trim();
            if (field && value !== "") entry[field] = value;
        });
        return { line, fields: entry };
    });
}
