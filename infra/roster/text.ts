import { RosterError } from "./student";

export type RosterFormat = "csv" | "yaml";

const ADVICE: Record<RosterFormat, string> = {
    csv: 'save it from your spreadsheet as "CSV UTF-8 (comma delimited)"',
    yaml: "save it as UTF-8",
};

const UTF8 = new TextDecoder("utf-8", { fatal: true });
// What the WHATWG "latin1" label means, and what Excel's "CSV (Comma delimited)" writes in Western Europe.
const WINDOWS_1252 = new TextDecoder("windows-1252");

function lineOf(bytes: Uint8Array, offset: number): number {
    let line = 1;
    for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
    return line;
}

/**
 * Reads a roster file's bytes as UTF-8 text, or refuses it, naming the file and line: a
 * spreadsheet saved as UTF-16 or Latin-1 would otherwise be read as NUL-riddled garbage or with
 * U+FFFD for every accent, and those names would reach AWS. A UTF-8 byte-order mark is dropped.
 */
export function decodeRosterText(bytes: Uint8Array, source: string, format: RosterFormat): string {
    const refuse = (line: number, message: string): never => {
        throw new RosterError(source, [{ line, message }]);
    };
    const advice = ADVICE[format];
    if (bytes[0] === 0xff && bytes[1] === 0xfe) refuse(1, `the file is UTF-16 text (little-endian), not UTF-8: ${advice}`);
    if (bytes[0] === 0xfe && bytes[1] === 0xff) refuse(1, `the file is UTF-16 text (big-endian), not UTF-8: ${advice}`);
    // Zip (.xlsx) and OLE (.xls) signatures: a workbook renamed rather than exported.
    if ((bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) ||
        (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0)) {
        refuse(1, `the file is an Excel workbook, not ${format === "csv" ? "CSV" : "YAML"}: ${advice}`);
    }
    const nul = bytes.indexOf(0);
    if (nul >= 0) refuse(lineOf(bytes, nul), `the file has NUL bytes: it is UTF-16 without a byte-order mark, or not text at all; ${advice}`);
    try {
        return UTF8.decode(bytes);
    } catch {
        // Newline bytes never occur inside a UTF-8 sequence, so each line can be tried alone.
        let start = 0;
        let line = 1;
        while (start <= bytes.length) {
            const newline = bytes.indexOf(0x0a, start);
            const end = newline < 0 ? bytes.length : newline;
            const bytesOfLine = bytes.subarray(start, end);
            try {
                UTF8.decode(bytesOfLine);
            } catch {
                const shown = WINDOWS_1252.decode(bytesOfLine).replace(/\r$/, "").slice(0, 80);
                refuse(line, `this line is not UTF-8 (read as Latin-1 it says ${JSON.stringify(shown)}): ${advice}`);
            }
            start = end + 1;
            line++;
        }
        return refuse(1, `the file is not UTF-8 text: ${advice}`);
    }
}
