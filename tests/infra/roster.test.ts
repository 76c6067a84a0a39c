import { expect } from "chai";
import { accountRootEmail, studentKey, MAX_ACCOUNT_EMAIL_LENGTH } from "../../infra/naming";
import { parseRosterYaml, readRosterYaml, RosterError, validateRoster } from "../../infra/roster";
import { parseCsvRows, readRosterCsv } from "../../infra/roster-csv";

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
            '3: budget must be a positive number of USD, got "-5"',
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

describe("roster (CSV import)", () => {
    it("parses quoted fields, doubled quotes, CRLF and a byte-order mark", () => {
        const rows = parseCsvRows('\uFEFFEmail,Name\r\n"o.brien@uni.example","O\'Brien, ""Pat"""\r\n\r\nx@y.example,X\n');
        expect(rows).to.deep.equal([
            { line: 1, cells: ["Email", "Name"] },
            { line: 2, cells: ["o.brien@uni.example", 'O\'Brien, "Pat"'] },
            { line: 4, cells: ["x@y.example", "X"] },
        ]);
    });

    it("maps spreadsheet headers in any order to roster fields", () => {
        const entries = readRosterCsv("Last Name,First Name,Email,Name,Budget\nLovelace,Ada,ada@uni.example,Ada Lovelace,30\n");
        const { students, issues } = validateRoster(entries, LIMITS);
        expect(issues).to.deep.equal([]);
        expect(students).to.deep.equal([{ key: "ada-at-uni-example", email: "ada@uni.example", name: "Ada Lovelace",
            givenName: "Ada", familyName: "Lovelace", budgetUsd: 30 }]);
    });

    it("refuses a header without email or name, naming the columns", () => {
        expect(() => readRosterCsv("Mail,Student\na@b.example,A\n")).to.throw(RosterError,
            /unknown column\(s\) "Mail", "Student"[\s\S]*no "email" column[\s\S]*no "name" column/);
    });

    it("points at a row with more fields than the header", () => {
        const { issues } = validateRoster(readRosterCsv("email,name\na@uni.example,Smith, Ann\n"), LIMITS);
        expect(issues).to.deep.equal([{ line: 2, message: "3 fields but the header has 2; quote fields that contain commas" }]);
    });

    it("refuses an unclosed quote", () => {
        expect(() => readRosterCsv('email,name\n"a@uni.example,A\n')).to.throw(RosterError, /never closed/);
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
