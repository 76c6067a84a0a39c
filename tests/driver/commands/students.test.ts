import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";

import { readRosterYaml } from "../../../infra/roster/yaml";
import { type CompiledDriverProject, compiledDriverProject, type DriverProcessResult } from "../../support/compiled-driver";

const START = "# November workshop\nstudents:\n  - email: ada@uni.example\n    name: Ada Lovelace # prefers Ada\n";

describe("add-student and remove-student, as concurrent processes", function () {
    this.timeout(120_000);
    let project: CompiledDriverProject;
    let roster: string;
    before(() => { project = compiledDriverProject(); });
    after(() => project?.remove());
    beforeEach(() => {
        roster = path.join(project.dir, "roster.yaml");
        fs.writeFileSync(roster, START);
    });

    const listed = () => readRosterYaml(fs.readFileSync(roster, "utf8"), "roster.yaml").map((e) => String(e.fields.email)).sort();
    const leftovers = () => fs.readdirSync(project.dir).filter((name) => /roster\.yaml\.|\.tmp$/.test(name));
    /** Exit code 0 exactly when the process said it added the student, and the student is in the file. */
    const expectTrueToResult = (run: DriverProcessResult, email: string, inFile: boolean) => {
        const said = run.stdout.includes(`<${email}> to ${roster}`);
        expect({ code: run.code, said }, `${run.args.join(" ")}\n${run.stdout}${run.stderr}`).to.deep.equal(inFile && said ? { code: 0, said } : { code: 1, said: false });
    };

    it("20 add-student processes at once for 20 students: all 20 are in the roster, and every one exits 0 saying so", async () => {
        const emails = Array.from({ length: 20 }, (_, i) => `student${String(i).padStart(2, "0")}@uni.example`);
        const runs = await Promise.all(emails.map((email) => project.run(["add-student", email])));
        expect(listed()).to.deep.equal(["ada@uni.example", ...emails]);
        runs.forEach((run, i) => expectTrueToResult(run, emails[i], true));
        expect(fs.readFileSync(roster, "utf8")).to.match(/^# November workshop\nstudents:\n {2}- email: ada@uni.example\n {4}name: Ada Lovelace # prefers Ada\n/);
        expect(leftovers()).to.deep.equal([]);
    });

    it("the same student added by four processes at once: one exits 0, the others exit 1 saying they are already there", async () => {
        const runs = await Promise.all(Array.from({ length: 4 }, () => project.run(["add-student", "grace@uni.example"])));
        expect(listed()).to.deep.equal(["ada@uni.example", "grace@uni.example"]);
        expect(runs.map((r) => r.code).sort()).to.deep.equal([0, 1, 1, 1]);
        runs.filter((r) => r.code === 1).forEach((r) => expect(r.stderr).to.contain("grace@uni.example is already in roster.yaml; nothing changed"));
        expect(leftovers()).to.deep.equal([]);
    });

    it("takes over the lock of an edit that was killed, and cleans its temporary file", async () => {
        fs.writeFileSync(`${roster}.lock`, "2147483646");
        fs.writeFileSync(path.join(project.dir, ".roster.yaml.2147483646.tmp"), "");
        const [add, remove] = await Promise.all([project.run(["add-student", "grace@uni.example"]), project.run(["remove-student", "ada@uni.example"])]);
        expect([add.code, remove.code], add.stderr + remove.stderr).to.deep.equal([0, 0]);
        expect(listed()).to.deep.equal(["grace@uni.example"]);
        expect(leftovers()).to.deep.equal([]);
    });
});
