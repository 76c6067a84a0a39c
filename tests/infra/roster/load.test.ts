import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { loadRoster } from "../../../infra/roster/load";
import { RosterError } from "../../../infra/roster/student";

describe("loadRoster (what the program reads before declaring anything)", () => {
    let dir: string;
    beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), "load-roster-")); });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    const write = (name: string, bytes: Buffer) => {
        const file = path.join(dir, name);
        fs.writeFileSync(file, bytes);
        return file;
    };
    const refusal = (file: string): RosterError => {
        try {
            loadRoster(file, { maxStudents: 50 });
        } catch (error) {
            expect(error).to.be.instanceOf(RosterError);
            return error as RosterError;
        }
        throw new Error(`expected ${file} to be refused`);
    };

    it("refuses a YAML roster with a name AWS would refuse, with the file and line", () => {
        const file = write("roster.yaml", Buffer.from("students:\n  - email: ada@uni.example\n    name: Ada\n  - email: eve@uni.example\n    name: \"Eve \\u202Eliam\"\n"));
        const error = refusal(file);
        expect(error.message).to.contain(file);
        expect(error.issues).to.have.length(1);
        expect(error.issues[0]).to.include({ line: 4, email: "eve@uni.example" });
        expect(error.issues[0].message).to.match(/bidirectional control character \(U\+202E\)/);
    });

    it("refuses a Latin-1 YAML roster instead of reading U+FFFD into names", () => {
        const file = write("roster.yaml", Buffer.from("students:\n  - email: jose@uni.example\n    name: José\n", "latin1"));
        expect(refusal(file).issues).to.deep.equal([{ line: 3, message:
            'this line is not UTF-8 (read as Latin-1 it says "    name: José"): save it as UTF-8' }]);
    });

    it("reads a CSV roster from its bytes: UTF-8 is read, UTF-16 is refused", () => {
        const text = "email;name\njose@uni.example;José Álvarez\n";
        expect(loadRoster(write("class.csv", Buffer.from(text)), { maxStudents: 50 })).to.deep.equal([{
            key: "jose-at-uni-example", email: "jose@uni.example", name: "José Álvarez", givenName: "José", familyName: "Álvarez",
        }]);
        const utf16 = write("class16.csv", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]));
        expect(refusal(utf16).message).to.contain("class16.csv").and.to.contain("CSV UTF-8");
    });
});
