import { expect } from "chai";
import { stringify } from "csv-stringify/sync";

import { csvField, toCsv } from "../../../driver/report/csv";
import { parseCsv } from "../../support/csv";

const ATTACK = "x;=cmd|' /C calc'!A0;y";

/** How a spreadsheet whose list separator is ";" (Excel in de, fr, es, it) splits one CSV line into cells. */
function semicolonLocaleCells(line: string): string[] {
    const cells: string[] = [];
    let cell = "", quoted = false;
    for (let i = 0; i < line.length; i++) {
        const c = line[i];
        if (quoted) {
            if (c === '"' && line[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
        } else if (c === '"' && cell === "") quoted = true;
        else if (c === ";") { cells.push(cell); cell = ""; } else cell += c;
    }
    return [...cells, cell];
}

/** What a spreadsheet runs: a cell that starts with a formula character, after any spaces, in ASCII or full width. */
const runsAsFormula = (cell: string) => /^\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/.test(cell);

describe("report CSV: injection in every locale", () => {
    it("quotes a field holding ';' or a tab, and no cell a semicolon locale splits it into runs as a formula", () => {
        const line = toCsv([["Ada", ATTACK, "ada@uni.example"]]).trimEnd();
        expect(line).to.equal(`Ada,"x;'=cmd|' /C calc'!A0;y",ada@uni.example`);
        // Mid-line, the quote is not at a cell start there: the line splits at every ';'.
        expect(semicolonLocaleCells(line)).to.deep.equal(['Ada,"x', "'=cmd|' /C calc'!A0", 'y",ada@uni.example']);
        expect(semicolonLocaleCells(line).filter(runsAsFormula)).to.deep.equal([]);
        // As a line's first field, the quotes keep it one cell.
        expect(semicolonLocaleCells(toCsv([[ATTACK, "Ada"]]).trimEnd())).to.deep.equal(["x;'=cmd|' /C calc'!A0;y,Ada"]);
        expect(csvField("a\tb")).to.equal('"a\tb"');
        // The comma locale reads the field back whole.
        expect(parseCsv(toCsv([[ATTACK]]))[0]).to.deep.equal([ATTACK.replace(";=", ";'=")]);
    });

    it("neutralises a formula lead after a separator inside the field, not only at its start", () => {
        for (const [text, safe] of [
            ["a;+1", "a;'+1"], ["a,@SUM(1)", "a,'@SUM(1)"], ["a\t-1+1", "a\t'-1+1"], ["a; =1", "a; '=1"], ["a;\uFF1D1", "a;'\uFF1D1"],
        ]) {
            expect(parseCsv(toCsv([[text]]))[0][0], text).to.equal(safe);
        }
    });

    it("neutralises a lead after leading spaces and in full-width forms, and tab and CR leads", () => {
        for (const [text, safe] of [
            ["  =1+1", "  '=1+1"], ["\u3000=1", "\u3000'=1"], ["\u00A0@x", "\u00A0'@x"], ["\uFF1D1+1", "'\uFF1D1+1"], ["\uFF0B1", "'\uFF0B1"],
            ["\uFF0D1", "'\uFF0D1"], ["\uFF20cmd", "'\uFF20cmd"], ["\t=1", "'\t'=1"], ["\r=1", "'\r'=1"], ["=1", "'=1"], ["-1", "'-1"],
        ]) {
            expect(parseCsv(toCsv([[text]]))[0][0], JSON.stringify(text)).to.equal(safe);
        }
        expect(parseCsv(toCsv([["Jean-Luc Picard", "O'Brien"]]))[0]).to.deep.equal(["Jean-Luc Picard", "O'Brien"]);
    });

    it("csv-stringify's escape_formulas looks at the first character only (why csv.ts adds the rest)", () => {
        expect(stringify([["  =1+1"]], { escape_formulas: true })).to.equal("  =1+1\n");
        expect(stringify([[ATTACK]], { escape_formulas: true })).to.equal(`${ATTACK}\n`);
        expect(stringify([["=1"]], { escape_formulas: true })).to.equal("'=1\n");
        expect(stringify([["\uFF1D1"]], { escape_formulas: true })).to.equal("'\uFF1D1\n");
    });

    it("leaves numbers we formatted alone, negative ones included", () => {
        expect(toCsv([[-2, 2.5, Number.NaN]])).to.equal("-2,2.5,\r\n");
    });
});
