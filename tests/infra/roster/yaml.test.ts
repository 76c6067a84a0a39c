import { expect } from "chai";

import { validateRoster } from "../../../infra/roster/validate";
import { readRosterYaml } from "../../../infra/roster/yaml";

const LIMITS = { maxStudents: 50 };
const issuesOf = (yaml: string) => validateRoster(readRosterYaml(yaml, "roster.yaml"), LIMITS).issues;

describe("roster YAML: one key per field", () => {
    it("refuses `email:` and `Email:` in one student, with the line, instead of letting the last spelling win", () => {
        const issues = issuesOf([
            "students:",
            "  - email: ada@uni.example",
            "    name: Ada Lovelace",
            "  - email: grace@uni.example",
            "    name: Grace Hopper",
            "    Email: mallory@evil.example",
        ].join("\n"));
        expect(issues).to.have.length(1);
        expect(issues[0].line).to.equal(6);
        expect(issues[0].message).to.contain('"email" (line 4) and "Email" (line 6) both give the email');
    });

    it("refuses `given name:` beside `GivenName:`, and `name:` beside `NAME:`", () => {
        const issues = issuesOf([
            "- email: ada@uni.example",
            "  name: Ada Lovelace",
            "  given name: Ada",
            "  GivenName: Augusta",
            "- email: grace@uni.example",
            "  name: Grace Hopper",
            "  NAME: Someone Else",
        ].join("\n"));
        expect(issues.map((i) => [i.line, i.message])).to.deep.equal([
            [4, 'keys "given name" (line 3) and "GivenName" (line 4) both give the givenName; keep one of them'],
            [7, 'keys "name" (line 6) and "NAME" (line 7) both give the name; keep one of them'],
        ]);
    });

    it("still reads one key per field in any spelling", () => {
        expect(issuesOf("- Email: ada@uni.example\n  Display Name: Ada Lovelace\n  given_name: Ada\n")).to.deep.equal([]);
    });
});
