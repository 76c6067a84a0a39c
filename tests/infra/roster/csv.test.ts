import { expect } from "chai";

import { readRosterCsv } from "../../../infra/roster/csv";
import { RosterError } from "../../../infra/roster/student";
import { validateRoster } from "../../../infra/roster/validate";

const LIMITS = { maxStudents: 50 };
const utf8 = (text: string) => Buffer.from(text, "utf8");

/** The RosterError a read throws, so its message and issues can be checked together. */
function refusal(read: () => unknown): RosterError {
    try {
        read();
    } catch (error) {
        expect(error).to.be.instanceOf(RosterError);
        return error as RosterError;
    }
    throw new Error("expected a RosterError");
}

describe("roster CSV: separators", () => {
    it("reads a semicolon-separated export (European spreadsheets), decimal commas and all", () => {
        const entries = readRosterCsv(utf8("E-mail;Name;Budget\r\nada@uni.example;\"Lovelace; Ada\";30\r\ngrace@uni.example;Grace Hopper;37,50\r\n"), "class.csv");
        expect(entries).to.deep.equal([
            { line: 2, fields: { email: "ada@uni.example", name: "Lovelace; Ada", budgetUsd: "30" } },
            { line: 3, fields: { email: "grace@uni.example", name: "Grace Hopper", budgetUsd: "37,50" } },
        ]);
        expect(validateRoster(entries, LIMITS).issues.map((i) => i.message)).to.deep.equal([
            'budget must be a number of USD from 1.00 to 1000000.00 with at most 2 decimals (e.g. 25 or 37.50), got "37,50"; write the decimals with a dot',
        ]);
    });

    it("reads a tab-separated export", () => {
        expect(readRosterCsv(utf8("email\tname\nada@uni.example\tAda Lovelace\n"), "class.tsv"))
            .to.deep.equal([{ line: 2, fields: { email: "ada@uni.example", name: "Ada Lovelace" } }]);
    });

    it("names the separator it sees when the columns are unknown either way", () => {
        const error = refusal(() => readRosterCsv(utf8("Mail;Student\na@b.example;A\n"), "class.csv"));
        expect(error.message).to.match(/^class\.csv: /);
        expect(error.issues.map((i) => i.message)).to.include(
            'the header row has no comma but has ";": if the file is separated by ";", its columns are "Mail", "Student"; expected email, name, given name, family name, budget');
    });
});

describe("roster CSV: encodings", () => {
    const text = "email,name\njose@uni.example,José Álvarez\n";

    it("refuses UTF-16 (both byte orders), asking for CSV UTF-8", () => {
        const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
        const be = Buffer.from(le);
        be.swap16();
        for (const [bytes, order] of [[le, "little-endian"], [be, "big-endian"]] as const) {
            const error = refusal(() => readRosterCsv(bytes, "class.csv"));
            expect(error.issues).to.deep.equal([{ line: 1, message:
                `the file is UTF-16 text (${order}), not UTF-8: save it from your spreadsheet as "CSV UTF-8 (comma delimited)"` }]);
            expect(error.message).to.match(/^class\.csv: /);
        }
    });

    it("refuses Latin-1 / Windows-1252 (invalid UTF-8), naming the line and showing it as Latin-1", () => {
        const error = refusal(() => readRosterCsv(Buffer.from(text, "latin1"), "class.csv"));
        expect(error.issues).to.deep.equal([{ line: 2, message:
            'this line is not UTF-8 (read as Latin-1 it says "jose@uni.example,José Álvarez"): ' +
            'save it from your spreadsheet as "CSV UTF-8 (comma delimited)"' }]);
        expect(error.message).to.match(/^class\.csv: /);
    });

    it("refuses a workbook saved under a .csv name", () => {
        const xlsx = Buffer.concat([Buffer.from("PK\u0003\u0004", "latin1"), Buffer.alloc(20)]);
        expect(refusal(() => readRosterCsv(xlsx, "class.csv")).issues[0].message).to.match(/an Excel workbook, not CSV: save it .* as "CSV UTF-8/);
    });

    it("reads UTF-8 with or without a byte-order mark", () => {
        const expected = [{ line: 2, fields: { email: "jose@uni.example", name: "José Álvarez" } }];
        expect(readRosterCsv(utf8(text), "class.csv")).to.deep.equal(expected);
        expect(readRosterCsv(utf8("\uFEFF" + text), "class.csv")).to.deep.equal(expected);
    });
});

describe("roster CSV: header", () => {
    it("refuses two columns that give the same field instead of letting the last one win", () => {
        const error = refusal(() => readRosterCsv(utf8("Email,Name,E-Mail,First Name,Given name\nada@uni.example,Ada,,Ada,Ada\n"), "class.csv"));
        expect(error.issues).to.deep.equal([
            { line: 1, message: 'columns 1 "Email" and 3 "E-Mail" both give the email; keep one of them' },
            { line: 1, message: 'columns 4 "First Name" and 5 "Given name" both give the givenName; keep one of them' },
        ]);
    });

    it("names the file in every error it raises", () => {
        for (const bytes of [utf8('email,name\n"a@uni.example,A\n'), utf8("Mail,Student\n"), utf8("email,name,email\n")]) {
            expect(refusal(() => readRosterCsv(bytes, "spring-class.csv")).message).to.match(/^spring-class\.csv: /);
        }
    });
});

describe("roster CSV: line numbers (read with csv-parse)", () => {
    it("names the line a row starts on, after a quoted field that spans lines and with mixed line endings", () => {
        const entries = readRosterCsv(utf8('email,name\r\nada@uni.example,"Ada\nLovelace"\n\n  ,  \ngrace@uni.example,Grace Hopper\r\n'), "class.csv");
        expect(entries.map((e) => [e.line, e.fields.email])).to.deep.equal([[2, "ada@uni.example"], [6, "grace@uni.example"]]);
    });

    it("names the line an unclosed quote opens on, not the end of the file", () => {
        const error = refusal(() => readRosterCsv(utf8('email,name\nada@uni.example,Ada\ngrace@uni.example,"Grace\nx,y\nz,w\n'), "class.csv"));
        expect(error.issues).to.deep.equal([{ line: 3, message: "a quoted field is never closed" }]);
    });
});
