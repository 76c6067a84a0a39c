import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";

import { addMask, errorAnnotation } from "../../../driver/github/workflow-commands";
import { TEST_CONFIG } from "../../fixtures/workshop";
import { MockEngine } from "../../support/mock-engine";
import { runCli } from "../../support/run-cli";

/** A workflow command's message as the runner reads it back (the toolkit's escaping, reversed). */
const unescapeData = (text: string) => text.replace(/%0A/g, "\n").replace(/%0D/g, "\r").replace(/%25/g, "%");

describe("GitHub workflow commands", () => {
    it("escape what the runner would read as the end of a property or of the line", () => {
        expect(errorAnnotation("100% sure:\r\nnext, line", { file: "ros:ter,s.yaml", line: 4, title: "Roster: 1,2" }))
            .to.equal("::error file=ros%3Ater%2Cs.yaml,line=4,title=Roster%3A 1%2C2::100%25 sure:%0D%0Anext, line");
        expect(errorAnnotation("no place")).to.equal("::error::no place");
        expect(unescapeData("100%25 sure:%0D%0Anext")).to.equal("100% sure:\r\nnext");
        expect(addMask("a%b\nc")).to.equal("::add-mask::a%25b%0Ac");
    });

    describe("on a roster", function () {
        this.timeout(30_000);
        let dir: string;
        const write = (roster: string) => fs.writeFileSync(path.join(dir, "roster.yaml"), roster);
        const run = (...argv: string[]) => runCli(argv, {
            engine: new MockEngine(), context: { projectDir: dir }
        });

        beforeEach(() => {
            dir = fs.mkdtempSync(path.join(os.tmpdir(), "annotations-"));
            fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), stringify({
                config: Object.fromEntries(Object.entries({ ...TEST_CONFIG, maxStudents: "10" }).map(([k, v]) => [`workshop-accounts:${k}`, v])),
            }));
        });
        afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

        it("roster validate --annotations puts each problem on its line of the file, emails masked, and fails", async () => {
            write([
                "students:",
                "  - email: ada.lovelace@uni.example",
                "    name: Ada Lovelace",
                "  - email: grace.hopper@uni",
                "    name: Grace Hopper",
                "  - email: ada.lovelace@uni.example",
                "    name: Ada Again",
                "  - email: linus@uni.example",
                "    name: 42",
                "",
            ].join("\n"));
            const result = await run("roster", "validate", "--annotations");
            expect(result.exitCode).to.equal(1);
            const annotations = result.stdout.split("\n").filter((line) => line.startsWith("::error "));
            expect(annotations).to.deep.equal([
                "::error file=roster.yaml,line=4,title=Roster::\"g.h***@uni\" is not a valid email address",
                "::error file=roster.yaml,line=6,title=Roster::duplicate email: already listed on line 2",
                "::error file=roster.yaml,line=8,title=Roster::name must be text, got the number 42 (put it in quotes: \"42\")",
            ]);
            expect(result.lines.join("\n")).not.to.match(/lovelace|hopper|linus@/);
            expect(result.stderr).to.contain("roster.yaml: 3 problem(s); see the annotations");
        });

        it("a roster that does not even parse is annotated on the line YAML stopped at", async () => {
            write("students:\n  - email: ada@uni.example\n    name: [Ada\n");
            const result = await run("roster", "validate", "--annotations");
            expect(result.exitCode).to.equal(1);
            expect(result.stdout).to.match(/^::error file=roster\.yaml,line=\d+,title=Roster::/);
        });

        it("without --annotations the terminal report is unchanged", async () => {
            write("students:\n  - email: grace.hopper@uni\n    name: Grace Hopper\n");
            const result = await run("roster", "validate");
            expect(result.exitCode).to.equal(1);
            expect(result.stderr).to.contain("line 2 (grace.hopper@uni): \"grace.hopper@uni\" is not a valid email address");
        });

        it("log-masks masks every student's email, names and key, longest first", async () => {
            write("students:\n  - email: ada.lovelace@uni.example\n    name: Ada Lovelace\n    givenName: Ada\n  - email: bad\n    name: 42\n");
            const result = await run("log-masks");
            expect(result.exitCode, result.stderr).to.equal(0);
            expect(result.stdout.split("\n")).to.deep.equal([
                "::add-mask::ada-lovelace-at-uni-example",
                "::add-mask::ada.lovelace@uni.example",
                "::add-mask::Ada Lovelace",
                "::add-mask::Ada",
                "::add-mask::bad",
            ]);
        });
    });
});
