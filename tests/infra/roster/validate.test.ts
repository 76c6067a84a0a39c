import { expect } from "chai";

import { parseCsvRows, readRosterCsv } from "../../../infra/roster/csv";
import { accountRootEmail, MAX_ACCOUNT_EMAIL_LENGTH,studentKey } from "../../../infra/roster/naming";
import { RosterError } from "../../../infra/roster/student";
import { validateRoster } from "../../../infra/roster/validate";
import { parseRosterYaml, readRosterYaml } from "../../../infra/roster/yaml";

const LIMITS = { maxStudents: 50 };

function issuesOf(yaml: string, limits = LIMITS) {
    return validateRoster(readRosterYaml(yaml), limits).issues;
}

describe("roster (YAML)", () => {
    it("reads students with optional names and budget", () => {
        const students = parseRosterYaml([
            "# Kubernetes workshop, November",
            "students:",
            "  - email: ada@uni.example",
            "    name: Ada Lovelace",
            "  - email: Grace.Hopper@Navy.example",
            "    name: Grace Brewster Hopper",
            "    givenName: Grace",
            "    familyName: Hopper",
            "    budget: 40",
        ].join("\n"), LIMITS);
        expect(students).to.deep.equal([
            { key: "ada-at-uni-example", email: "ada@uni.example", name: "Ada Lovelace", givenName: "Ada", familyName: "Lovelace" },
            { key: "grace-hopper-at-navy-example", email: "Grace.Hopper@Navy.example", name: "Grace Brewster Hopper",
                givenName: "Grace", familyName: "Hopper", budgetUsd: 40 },
        ]);
    });

    it("accepts a bare list and uses a single-word name for both Identity Center names", () => {
        const [student] = parseRosterYaml("- email: cher@music.example\n  name: Cher\n", LIMITS);
        expect(student).to.include({ givenName: "Cher", familyName: "Cher" });
    });

    it("names the line and the entry of a bad email", () => {
        const issues = issuesOf("students:\n  - email: ada@uni.example\n    name: Ada\n  - email: not-an-email\n    name: Bob\n");
        expect(issues).to.deep.equal([{ line: 4, email: "not-an-email", message: '"not-an-email" is not a valid email address' }]);
    });

    it("reports a duplicate email (case-insensitive) with the line of the first", () => {
        const issues = issuesOf("- email: ada@uni.example\n  name: Ada\n- email: ADA@uni.example\n  name: Ada again\n");
        expect(issues).to.have.length(1);
        expect(issues[0]).to.include({ line: 3 });
        expect(issues[0].message).to.equal("duplicate email: already listed on line 1");
    });

    it("reports two emails that derive the same account name", () => {
        const issues = issuesOf("- email: a.b@uni.example\n  name: A\n- email: a-b@uni.example\n  name: B\n");
        expect(issues).to.have.length(1);
        expect(issues[0].message).to.match(/^derives the same account name "a-b-at-uni-example" as a\.b@uni\.example \(line 1\)/);
    });

    it("rejects an empty roster", () => {
        for (const text of ["", "students: []\n", "# nobody yet\n"]) {
            expect(issuesOf(text).map((i) => i.message)).to.deep.equal(["the roster has no students; add at least one entry with an email and a name"]);
        }
    });

    it("rejects more students than maxStudents", () => {
        const yaml = Array.from({ length: 4 }, (_, i) => `- email: s${i}@uni.example\n  name: S ${i}`).join("\n");
        const issues = issuesOf(yaml, { maxStudents: 3 });
        expect(issues).to.have.length(1);
        expect(issues[0].message).to.match(/has 4 students but maxStudents is 3/);
    });

    it("gives each other bad input its own message", () => {
        const messages = issuesOf([
            "- email: a@uni.example",          // no name
            "- name: Nobody",                   // no email
            "- email: b@uni.example\n  name: B\n  budget: -5",
            "- email: c@uni.example\n  name: C\n  favourite: blue",
            "- just-a-string",
            "- email: d@uni.example\n  name: D\n  givenName: ''",
        ].join("\n")).map((i) => `${i.line}: ${i.message}`);
        expect(messages).to.deep.equal([
            "1: missing name (the student's display name)",
            "2: missing email",
            '3: budget must be a number of USD from 1.00 to 1000000.00 with at most 2 decimals (e.g. 25 or 37.50), got "-5"',
            '6: unknown field "favourite" (expected email, name, givenName, familyName, budget)',
            "9: each student must be a map with at least `email:` and `name:`",
            "10: givenName must be a non-empty text when given",
        ]);
    });

    it("throws a RosterError listing every problem for invalid YAML syntax", () => {
        expect(() => parseRosterYaml("students:\n  - email: [unclosed\n", LIMITS)).to.throw(RosterError, /not valid YAML/);
        expect(() => parseRosterYaml("students: 42\n", LIMITS)).to.throw(RosterError, /expected a list of students/);
    });
});

describe("roster (what AWS will enforce at up)", () => {
    const entry = (fields: Record<string, unknown>, line = 2) => ({ line, fields: { email: "ada@uni.example", name: "Ada Lovelace", ...fields } });
    const problems = (...entries: ReturnType<typeof entry>[]) => validateRoster(entries, LIMITS).issues.map((i) => `${i.line}: ${i.message}`);

    it("refuses an email longer than the 128 characters of an Identity Center user name", () => {
        const email = `${"a".repeat(64)}@${"b".repeat(56)}.example`;
        expect(email).to.have.length(129);
        expect(problems(entry({ email }))).to.deep.equal([
            "2: the email is 129 characters long, but it is the student's Identity Center user name, which allows at most 128",
        ]);
        expect(problems(entry({ email: email.slice(1) }))).to.deep.equal([]);
    });

    it("refuses control, bidirectional and zero-width characters in every display name, naming the code point", () => {
        expect(problems(
            entry({ name: "Ada \u202Eecalevol" }, 2),
            entry({ email: "b@uni.example", name: "Bob", givenName: "B\u200Dob" }, 5),
            entry({ email: "c@uni.example", name: "Cy", familyName: "Cy\u0007" }, 8),
            entry({ email: "d@uni.example", name: "D\u2066an" }, 11),
            entry({ email: "e@uni.example", name: "E\u200Fve" }, 14),
            entry({ email: "f@uni.example", name: "F\uFEFFay" }, 17),
            entry({ email: "g@uni.example", name: "G\u200Bus" }, 20),
            entry({ email: "h@uni.example", name: "H\u2060al" }, 23),
            entry({ email: "i@uni.example", name: "Ida\nSmith" }, 26),
            entry({ email: "j@uni.example", name: "Jo\u2028Ann" }, 29),
            entry({ email: "k@uni.example", name: "K\uFFFDrlis" }, 32),
        )).to.deep.equal([
            "2: name contains a bidirectional control character (U+202E) at position 5; Identity Center refuses it, and it can make a name display reversed",
            "5: givenName contains a zero-width character (U+200D) at position 2; Identity Center refuses it, and it hides in a name",
            "8: familyName contains a control character (U+0007) at position 3",
            "11: name contains a bidirectional control character (U+2066) at position 2; Identity Center refuses it, and it can make a name display reversed",
            "14: name contains a bidirectional control character (U+200F) at position 2; Identity Center refuses it, and it can make a name display reversed",
            "17: name contains a zero-width character (U+FEFF) at position 2; Identity Center refuses it, and it hides in a name",
            "20: name contains a zero-width character (U+200B) at position 2; Identity Center refuses it, and it hides in a name",
            "23: name contains a zero-width character (U+2060) at position 2; Identity Center refuses it, and it hides in a name",
            "26: name contains a control character (U+000A) at position 4",
            "29: name contains U+2028 at position 3, which Identity Center does not accept in names (only letters, marks, digits, symbols, punctuation and spaces)",
            "32: name contains U+FFFD at position 2, the replacement character: the text was garbled by a wrong encoding; retype it",
        ]);
    });

    it("accepts names in any script, with no-break and ideographic spaces", () => {
        expect(problems(
            entry({ name: "José Álvarez" }),
            entry({ email: "b@uni.example", name: "李小龙" }),
            entry({ email: "c@uni.example", name: "محمد علي" }),
            entry({ email: "d@uni.example", name: "山田\u3000太郎", givenName: "Ana\u00A0María", familyName: "Ñuñez" }),
            entry({ email: "e@uni.example", name: "Ana 🚀 Lima" }),
        )).to.deep.equal([]);
    });

    it("accepts emails that could not be a tag value: the account is tagged with the student's key", () => {
        expect(problems(entry({ email: "o'brien@uni.example" }), entry({ email: "100%pure@uni.example" }, 5))).to.deep.equal([]);
    });

    it("says a field must be text when YAML read it as something else", () => {
        const messages = issuesOf([
            "- email: 12345\n  name: Ada",
            "- email: b@uni.example\n  name: 42",
            "- email: c@uni.example\n  name: [Cy, Young]",
            "- email: d@uni.example\n  name: Dee\n  givenName: 7",
            "- email: e@uni.example\n  name: true",
            "- email:\n  name: Nobody",
        ].join("\n")).map((i) => `${i.line}: ${i.message}`);
        expect(messages).to.deep.equal([
            '1: email must be text, got the number 12345 (put it in quotes: "12345")',
            '3: name must be text, got the number 42 (put it in quotes: "42")',
            "5: name must be text, got a list",
            '7: givenName must be text, got the number 7 (put it in quotes: "7")',
            '10: name must be text, got true (put it in quotes: "true")',
            "12: missing email",
        ]);
    });

    it("refuses budgets below 1.00, with more than 2 decimals or not a number, naming the accepted range", () => {
        const range = "budget must be a number of USD from 1.00 to 1000000.00 with at most 2 decimals (e.g. 25 or 37.50)";
        const budgets: unknown[] = [0.004, 0.5, 0, 12.345, "abc", "1e3", true, 1_000_000.01, "37,50"];
        expect(problems(...budgets.map((budget, i) => entry({ email: `s${i}@uni.example`, budget }, i + 1)))).to.deep.equal([
            `1: ${range}, got "0.004"`,
            `2: ${range}, got "0.5"`,
            `3: ${range}, got "0"`,
            `4: ${range}, got "12.345"`,
            `5: ${range}, got "abc"`,
            `6: ${range}, got "1e3"`,
            `7: ${range}, got "true"`,
            `8: ${range}, got "1000000.01"`,
            `9: ${range}, got "37,50"; write the decimals with a dot`,
        ]);
    });

    it("keeps budgets of whole cents from 1.00 up, from YAML numbers and spreadsheet text alike", () => {
        const budgets: unknown[] = [1, "1.00", 37.5, "37.50", 0.1 + 0.2 + 0.7, 1_000_000, " 25 "]; // 0.1 + 0.2 + 0.7 is 1 give or take float noise
        const { students, issues } = validateRoster(budgets.map((budget, i) => entry({ email: `s${i}@uni.example`, budget }, i + 1)), LIMITS);
        expect(issues).to.deep.equal([]);
        expect(students.map((s) => s.budgetUsd)).to.deep.equal([1, 1, 37.5, 37.5, 1, 1_000_000, 25]);
    });
});

describe("roster (CSV import)", () => {
    it("parses quoted fields, doubled quotes and CRLF", () => {
        const rows = parseCsvRows('Email,Name\r\n"o.brien@uni.example","O\'Brien, ""Pat"""\r\n\r\nx@y.example,X\n', ",", "class.csv");
        expect(rows).to.deep.equal([
            { line: 1, cells: ["Email", "Name"] },
            { line: 2, cells: ["o.brien@uni.example", 'O\'Brien, "Pat"'] },
            { line: 4, cells: ["x@y.example", "X"] },
        ]);
    });

    it("maps spreadsheet headers in any order to roster fields", () => {
        const entries = readRosterCsv(Buffer.from("Last Name,First Name,Email,Name,Budget\nLovelace,Ada,ada@uni.example,Ada Lovelace,30\n"));
        const { students, issues } = validateRoster(entries, LIMITS);
        expect(issues).to.deep.equal([]);
        expect(students).to.deep.equal([{ key: "ada-at-uni-example", email: "ada@uni.example", name: "Ada Lovelace",
            givenName: "Ada", familyName: "Lovelace", budgetUsd: 30 }]);
    });

    it("refuses a header without email or name, naming the columns", () => {
        expect(() => readRosterCsv(Buffer.from("Mail,Student\na@b.example,A\n"))).to.throw(RosterError,
            /unknown column\(s\) "Mail", "Student"[\s\S]*no "email" column[\s\S]*no "name" column/);
    });

    it("points at a row with more fields than the header", () => {
        const { issues } = validateRoster(readRosterCsv(Buffer.from("email,name\na@uni.example,Smith, Ann\n")), LIMITS);
        expect(issues).to.deep.equal([{ line: 2, message: "3 fields but the header has 2; quote fields that contain commas" }]);
    });

    it("refuses an unclosed quote", () => {
        expect(() => readRosterCsv(Buffer.from('email,name\n"a@uni.example,A\n'))).to.throw(RosterError, /never closed/);
    });
});

describe("naming", () => {
    it("derives a stable key from the email only", () => {
        expect(studentKey("Ada.Lovelace@Uni.Example")).to.equal("ada-lovelace-at-uni-example");
    });

    it("keeps root emails within 64 characters and distinct for long student addresses", () => {
        const long1 = studentKey("a.very.long.student.name.indeed@some-university-department.example");
        const long2 = studentKey("a.very.long.student.name.indeed@some-university-department.example.org");
        const e1 = accountRootEmail("aws@school.example", "k8s-nov", long1, "abcde");
        const e2 = accountRootEmail("aws@school.example", "k8s-nov", long2, "abcde");
        expect(e1.length).to.be.at.most(MAX_ACCOUNT_EMAIL_LENGTH);
        expect(e2.length).to.be.at.most(MAX_ACCOUNT_EMAIL_LENGTH);
        expect(e1).to.not.equal(e2);
        expect(e1).to.match(/^aws\+k8s-nov-.+-abcde@school\.example$/);
    });
});
