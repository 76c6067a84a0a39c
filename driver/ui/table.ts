export type Alignment = "left" | "right";

export interface TableOptions {
    /** Per column; left when absent. */
    align?: Alignment[];
    /** Between columns. */
    gap?: string;
}

/**
 * A plain-text table: header, a rule, then the rows, every column as wide as its widest
 * cell. Returns lines so callers print them through their own log.
 */
export function renderTable(headers: string[], rows: string[][], options: TableOptions = {}): string[] {
    const gap = options.gap ?? "  ";
    const cells = (row: string[]) => headers.map((_, i) => oneLine(row[i] ?? ""));
    const body = rows.map(cells);
    const widths = headers.map((header, i) => Math.max(header.length, ...body.map((row) => row[i].length)));
    const line = (row: string[]) => row
        .map((cell, i) => (options.align?.[i] === "right" ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
        .join(gap)
        .trimEnd();
    return [line(headers), widths.map((w) => "-".repeat(w)).join(gap), ...body.map(line)];
}

/** A newline inside a cell would break every column after it. */
function oneLine(text: string): string {
    return text.replace(/\s*\n\s*/g, " ");
}
