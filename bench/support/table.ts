import * as os from "os";

/** Plain-text tables for the bench scripts: right-aligned numbers, left-aligned text. */
export function table(headers: string[], rows: (string | number)[][]): string {
    const cells = rows.map((row) => row.map((c) => String(c)));
    const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? "").length)));
    // A column is right-aligned when every cell is a number (with a unit), a dash, empty, or a failure note.
    const numeric = headers.map((_, i) => cells.every((r) => /^\$?[-+~]?[\d.,]+( ?[a-zA-Z%$/×]*)?$|^[-—]?$|^FAILED/.test(r[i] ?? "")));
    const align = (c: string, i: number) => (numeric[i] && !c.startsWith("FAILED") ? c.padStart(widths[i]) : c.padEnd(widths[i]));
    const line = (row: string[]) => row.map(align).join("  ").trimEnd();
    return [line(headers), widths.map((w) => "-".repeat(w)).join("  "), ...cells.map(line)].join("\n");
}

export function fmt(value: number, digits = 1): string {
    return value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** What machine the numbers came from, printed above every bench's tables. */
export function machineLine(): string {
    return `node ${process.version}, ${os.cpus().length} cpu(s) (${os.cpus()[0]?.model ?? "?"}), ` +
        `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, load avg ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}, ${new Date().toISOString()}`;
}
