import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { writeFileAtomic } from "../../../driver/files/atomic-file";
import { addStudentToRoster, editRosterFile, nameFromEmail, removeStudentFromRoster,RosterEditError } from "../../../driver/roster/file";

const LIMITS = { maxStudents: 50 };
const ROSTER = [
    "# November workshop",
    "students:",
    "  # front row",
    "  - email: ada@uni.example",
    "    name: Ada Lovelace # prefers Ada",
    "  - email: grace@uni.example",
    "    name: Grace Hopper",
    "",
].join("\n");

describe("roster file editing", () => {
    it("appends a student keeping comments and order", () => {
        const text = addStudentToRoster(ROSTER, { email: "alan@uni.example", name: "Alan Turing", budgetUsd: 40 }, LIMITS);
        expect(text).to.equal(ROSTER + "  - email: alan@uni.example\n    name: Alan Turing\n    budget: 40\n");
    });

    it("creates the students list in an empty or comment-only file", () => {
        for (const start of ["", "# nobody yet\n", "students: []\n"]) {
            const text = addStudentToRoster(start, { email: "ada@uni.example", name: "Ada" }, LIMITS);
            expect(text).to.contain("students:\n  - email: ada@uni.example\n    name: Ada\n");
        }
    });

    it("refuses a duplicate email, whatever its case", () => {
        expect(() => addStudentToRoster(ROSTER, { email: "ADA@uni.example", name: "Ada" }, LIMITS))
            .to.throw(RosterEditError, "ADA@uni.example is already in roster.yaml; nothing changed");
    });

    it("refuses an addition that breaks the roster (name clash, limit)", () => {
        const clash = "students:\n  - email: a.b@uni.example\n    name: A\n";
        expect(() => addStudentToRoster(clash, { email: "a-b@uni.example", name: "B" }, LIMITS))
            .to.throw(RosterEditError, /would make roster.yaml invalid[\s\S]*derives the same account name/);
        expect(() => addStudentToRoster(ROSTER, { email: "c@uni.example", name: "C" }, { maxStudents: 2 }))
            .to.throw(RosterEditError, /maxStudents is 2/);
    });

    it("removes exactly the named student", () => {
        const text = removeStudentFromRoster(ROSTER, "Grace@Uni.example");
        expect(text).to.equal(ROSTER.replace("  - email: grace@uni.example\n    name: Grace Hopper\n", ""));
    });

    it("refuses to remove an unknown student and lists who is there", () => {
        expect(() => removeStudentFromRoster(ROSTER, "bob@uni.example"))
            .to.throw(RosterEditError, "bob@uni.example is not in roster.yaml; nothing changed. Students listed: ada@uni.example, grace@uni.example");
    });

    describe("keeps the file's own style", () => {
        const fourSpaces = ROSTER.replace(/^ {2}(?=[-#])/gm, "    ").replace(/^ {4}name/gm, "      name");
        const alan = { email: "alan@uni.example", name: "Alan Turing", budgetUsd: 40 };

        it("4-space indentation and CRLF line endings survive an addition and a removal unchanged", () => {
            expect(fourSpaces).to.contain("students:\n    # front row\n    - email: ada@uni.example\n      name: Ada Lovelace");
            const crlf = fourSpaces.replace(/\n/g, "\r\n");
            const added = addStudentToRoster(crlf, alan, LIMITS);
            expect(added).to.equal(crlf + "    - email: alan@uni.example\r\n      name: Alan Turing\r\n      budget: 40\r\n");
            const removed = removeStudentFromRoster(added, "grace@uni.example");
            expect(removed).to.equal(crlf.replace("    - email: grace@uni.example\r\n      name: Grace Hopper\r\n", "") +
                "    - email: alan@uni.example\r\n      name: Alan Turing\r\n      budget: 40\r\n");
        });

        it("a list written flush under its key stays flush; 2-space LF files stay as they are", () => {
            const flush = "students:\n- email: ada@uni.example\n  name: Ada Lovelace\n";
            expect(addStudentToRoster(flush, alan, LIMITS)).to.equal(flush + "- email: alan@uni.example\n  name: Alan Turing\n  budget: 40\n");
            expect(addStudentToRoster(ROSTER, alan, LIMITS)).not.to.contain("\r");
        });
    });

    it("derives a display name from an email", () => {
        expect(nameFromEmail("ada.lovelace@uni.example")).to.equal("Ada Lovelace");
        expect(nameFromEmail("j_doe+ws@uni.example")).to.equal("J Doe Ws");
    });

    describe("on disk", () => {
        let dir: string;
        beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), "roster-")); });
        afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

        const refusal = (promise: Promise<unknown>) => promise.then(() => undefined, (error: Error) => error);
        const add = (email: string) => (text: string) => ({ text: addStudentToRoster(text, { email, name: email.split("@")[0] }, LIMITS), listed: [email] });

        it("leaves a malformed roster byte-for-byte untouched", async () => {
            const file = path.join(dir, "roster.yaml");
            const broken = "students:\n  - email: [unclosed\n";
            fs.writeFileSync(file, broken);
            const error = await refusal(editRosterFile(file, add("a@uni.example")));
            expect(error).to.be.instanceOf(RosterEditError);
            expect(error!.message).to.match(/not valid YAML[\s\S]*nothing changed/);
            expect(fs.readFileSync(file, "utf8")).to.equal(broken);
            expect(fs.readdirSync(dir)).to.deep.equal(["roster.yaml"]);
        });

        it("refuses to edit a CSV roster", async () => {
            const file = path.join(dir, "students.csv");
            fs.writeFileSync(file, "email,name\n");
            expect((await refusal(editRosterFile(file, (text) => ({ text }))))?.message).to.match(/CSV roster/);
        });

        it("edits started together all land: each reads the file under the lock", async () => {
            const file = path.join(dir, "roster.yaml");
            fs.writeFileSync(file, ROSTER);
            const emails = ["a@uni.example", "b@uni.example", "c@uni.example", "d@uni.example"];
            await Promise.all(emails.map((email) => editRosterFile(file, add(email))));
            expect(fs.readFileSync(file, "utf8").match(/email: \S+/g)).to.have.length(6);
            expect(fs.readdirSync(dir)).to.deep.equal(["roster.yaml"]);
        });

        it("never reports success for a student who is not in the file after the write", async () => {
            const file = path.join(dir, "roster.yaml");
            fs.writeFileSync(file, ROSTER);
            const lost = await refusal(editRosterFile(file, (text) => ({ text, listed: ["alan@uni.example"] })));
            expect(lost?.message).to.equal(`${file} was written, but read back alan@uni.example is not in it: another program (an editor?) ` +
                "saved it at the same moment. Check the file, then run the command again.");
            const kept = await refusal(editRosterFile(file, (text) => ({ text, unlisted: ["ADA@uni.example"] })));
            expect(kept?.message).to.match(/read back ADA@uni.example is still in it/);
        });

        it("edits a symlinked roster in its shared target, locking beside the target", async () => {
            const shared = path.join(dir, "shared.yaml");
            const file = path.join(dir, "roster.yaml");
            fs.writeFileSync(shared, ROSTER);
            fs.symlinkSync("shared.yaml", file);
            let lockSeen = false;
            await editRosterFile(file, (text) => {
                lockSeen = fs.existsSync(`${shared}.lock`);
                return add("alan@uni.example")(text);
            });
            expect(lockSeen).to.equal(true);
            expect(fs.lstatSync(file).isSymbolicLink()).to.equal(true);
            expect(fs.readFileSync(shared, "utf8")).to.contain("alan@uni.example");
        });

        it("refuses a roster that is not UTF-8 byte for byte untouched, and keeps a UTF-8 byte order mark", async () => {
            const file = path.join(dir, "roster.yaml");
            const latin1 = Buffer.from("students:\n  - email: jose@uni.example\n    name: Jos\xe9 \xc1lvarez\n", "latin1");
            fs.writeFileSync(file, latin1);
            expect((await refusal(editRosterFile(file, add("alan@uni.example"))))?.message).to.match(/line 3: this line is not UTF-8[\s\S]*nothing changed/);
            expect(fs.readFileSync(file).equals(latin1)).to.equal(true);

            fs.writeFileSync(file, "\uFEFF" + ROSTER);
            await editRosterFile(file, add("alan@uni.example"));
            expect(fs.readFileSync(file, "utf8")).to.match(/^\uFEFF# November workshop\n/).and.contain("alan@uni.example");
        });

        it("refuses a read-only roster and leaves it as it was", async () => {
            const file = path.join(dir, "roster.yaml");
            fs.writeFileSync(file, ROSTER);
            fs.chmodSync(file, 0o444);
            expect((await refusal(editRosterFile(file, add("alan@uni.example"))))?.message).to.match(/is read-only \(mode 0444\); nothing was changed/);
            expect(fs.readFileSync(file, "utf8")).to.equal(ROSTER);
            expect((fs.statSync(file).mode & 0o777).toString(8)).to.equal("444");
        });

        it("writes atomically and cleans up its temporary file on failure", () => {
            const file = path.join(dir, "roster.yaml");
            writeFileAtomic(file, "students: []\n");
            expect(fs.readFileSync(file, "utf8")).to.equal("students: []\n");
            const missingDir = path.join(dir, "missing", "roster.yaml");
            expect(() => writeFileAtomic(missingDir, "x")).to.throw();
            expect(fs.readdirSync(dir)).to.deep.equal(["roster.yaml"]);
        });
    });
});
