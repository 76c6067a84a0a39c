import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";

import type { WorkshopOutputs } from "../../../infra/outputs";
import { TEST_CONFIG } from "../../fixtures/workshop";
import { MockEngine } from "../../support/mock-engine";
import { runCli } from "../../support/run-cli";

describe("roster commands", function () {
    this.timeout(30_000);
    let dir: string;
    let rosterFile: string;
    let engine: MockEngine;
    const ROSTER = "# workshop roster\nstudents:\n  - email: ada@uni.example\n    name: Ada Lovelace # front row\n";

    const run = (...argv: string[]) => runCli(argv, { engine, context: { projectDir: dir } });
    const roster = () => fs.readFileSync(rosterFile, "utf8");

    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "roster-cmd-"));
        rosterFile = path.join(dir, "students.yaml");
        // The roster commands read rosterPath from Pulumi.<stack>.yaml, as `pulumi config set` writes it.
        const config = { ...TEST_CONFIG, rosterPath: "students.yaml", maxStudents: "3" };
        fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), stringify({
            config: Object.fromEntries(Object.entries(config).map(([k, v]) => [`workshop-accounts:${k}`, v])),
        }));
        fs.writeFileSync(rosterFile, ROSTER);
        engine = new MockEngine({ stack: "dev", config: { ...config, rosterPath: rosterFile } });
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("add-student appends to the stack's roster, keeping comments, with a name from the email", async () => {
        const result = await run("add-student", "grace.hopper@uni.example", "--budget", "40");
        expect(result.exitCode, result.stderr).to.equal(0);
        expect(roster()).to.equal(ROSTER + "  - email: grace.hopper@uni.example\n    name: Grace Hopper\n    budget: 40\n");
        expect(result.stdout).to.contain("Added Grace Hopper <grace.hopper@uni.example>");
        expect(engine.calls).to.deep.equal([]);
    });

    it("refuses a duplicate, an invalid email and a full roster, leaving the file untouched", async () => {
        for (const argv of [["add-student", "ADA@uni.example"], ["add-student", "not-an-email"]]) {
            const result = await run(...argv);
            expect(result.exitCode, argv.join(" ")).to.equal(1);
            expect(roster()).to.equal(ROSTER);
        }
        expect((await run("add-student", "ADA@uni.example")).stderr).to.contain("already in");
        await run("add-student", "b@uni.example");
        await run("add-student", "c@uni.example");
        const full = await run("add-student", "d@uni.example");
        expect(full.exitCode).to.equal(1);
        expect(full.stderr).to.match(/maxStudents is 3/);
        expect(roster()).not.to.contain("d@uni.example");
    });

    it("add-student refuses a budget that is not a number of whole cents from 1.00, naming the range", async () => {
        for (const budget of ["abc", "0.004", "0.5", "12.345"]) {
            const result = await run("add-student", "grace@uni.example", "--budget", budget);
            expect(result.exitCode, budget).to.equal(1);
            expect(result.stderr).to.contain(`--budget must be a number of USD from 1.00 to 1000000.00 with at most 2 decimals (e.g. 25 or 37.50), got "${budget}"; the roster was not changed`);
            expect(roster()).to.equal(ROSTER);
        }
        const cents = await run("add-student", "grace@uni.example", "--budget", "37.50");
        expect(cents.exitCode, cents.stderr).to.equal(0);
        expect(roster()).to.contain("    budget: 37.5\n");
    });

    it("remove-student removes exactly one entry and refuses an unknown one", async () => {
        await run("add-student", "grace@uni.example", "--name", "Grace Hopper");
        const removed = await run("remove-student", "Grace@uni.example");
        expect(removed.exitCode, removed.stderr).to.equal(0);
        expect(roster()).to.equal(ROSTER);
        const unknown = await run("remove-student", "bob@uni.example");
        expect(unknown.exitCode).to.equal(1);
        expect(unknown.stderr).to.contain("bob@uni.example is not in");
    });

    it("--apply runs up right after the edit", async () => {
        const result = await run("add-student", "grace@uni.example", "--name", "Grace Hopper", "--apply", "--yes");
        expect(result.exitCode, result.stderr).to.equal(0);
        expect(engine.calls).to.include("up");
        const students = (await engine.outputs()).students.value as WorkshopOutputs["students"];
        expect(Object.values(students).map((s) => s.email).sort()).to.deep.equal(["ada@uni.example", "grace@uni.example"]);
    });

    it("roster validate exits 0 on a good roster and 1 with every problem on a bad one", async () => {
        const good = await run("roster", "validate");
        expect(good.exitCode).to.equal(0);
        expect(good.stdout).to.contain("1 student(s), no problems");
        fs.writeFileSync(rosterFile, "students:\n  - email: ada@uni\n    name: Ada\n  - name: Nobody\n");
        const bad = await run("roster", "validate");
        expect(bad.exitCode).to.equal(1);
        expect(bad.stderr).to.contain('line 2 (ada@uni): "ada@uni" is not a valid email address');
        expect(bad.stderr).to.contain("line 4: missing email");
    });

    it("roster validate prints each problem AWS would refuse with its line", async () => {
        fs.writeFileSync(rosterFile, ROSTER + "  - email: eve@uni.example\n    name: \"Eve \\u202Eliam\"\n  - email: 12345\n    name: Num\n    budget: 0.004\n");
        const bad = await run("roster", "validate");
        expect(bad.exitCode).to.equal(1);
        expect(bad.stderr).to.contain("line 5 (eve@uni.example): name contains a bidirectional control character (U+202E) at position 5");
        expect(bad.stderr).to.contain('line 7: email must be text, got the number 12345 (put it in quotes: "12345")');
        expect(bad.stderr).to.contain('line 7: budget must be a number of USD from 1.00 to 1000000.00 with at most 2 decimals (e.g. 25 or 37.50), got "0.004"');
    });

    it("roster import reads a semicolon-separated UTF-8 export and refuses UTF-16, Latin-1 and doubled columns, naming the file", async () => {
        const csv = path.join(dir, "class.csv");
        fs.writeFileSync(csv, "E-mail;Name;Budget\r\njose@uni.example;José Álvarez;25\r\n");
        const merged = await run("roster", "import", csv);
        expect(merged.exitCode, merged.stderr).to.equal(0);
        expect(roster()).to.equal(ROSTER + "  - email: jose@uni.example\n    name: José Álvarez\n    budget: 25\n");

        const before = roster();
        const text = "email,name\nzoe@uni.example,Zoë Smith\n";
        const refusals: [Buffer, RegExp][] = [
            [Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]), /line 1: the file is UTF-16 text \(little-endian\), not UTF-8: save it from your spreadsheet as "CSV UTF-8/],
            [Buffer.from(text, "latin1"), /line 2: this line is not UTF-8 \(read as Latin-1 it says "zoe@uni.example,Zoë Smith"\)/],
            [Buffer.from("Name,Email,E-Mail\nZoe,zoe@uni.example,\n"), /columns 2 "Email" and 3 "E-Mail" both give the email; keep one of them/],
        ];
        for (const [bytes, expected] of refusals) {
            fs.writeFileSync(csv, bytes);
            const refused = await run("roster", "import", csv);
            expect(refused.exitCode).to.equal(1);
            expect(refused.stderr).to.match(expected);
            expect(refused.stderr).to.contain(csv);
            expect(roster()).to.equal(before);
        }
    });

    it("roster import merges a spreadsheet export, and leaves the roster untouched when the CSV is bad", async () => {
        const csv = path.join(dir, "class.csv");
        fs.writeFileSync(csv, "Email,Name,Budget\nada@uni.example,Ada Lovelace,\n\"hopper@uni.example\",\"Hopper, Grace\",30\n");
        const merged = await run("roster", "import", csv);
        expect(merged.exitCode, merged.stderr).to.equal(0);
        expect(merged.stdout).to.contain("Imported 1 new student(s)");
        expect(roster()).to.equal(ROSTER + "  - email: hopper@uni.example\n    name: Hopper, Grace\n    budget: 30\n");

        const before = roster();
        fs.writeFileSync(csv, "Email,Name\nnew@uni.example,New\nbroken,Broken\n");
        const bad = await run("roster", "import", csv);
        expect(bad.exitCode).to.equal(1);
        expect(bad.stderr).to.contain('line 3 (broken): "broken" is not a valid email address');
        expect(roster()).to.equal(before);
    });
});
