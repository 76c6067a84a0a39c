import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";

import { WAITING_EXIT_CODE } from "../../../driver/plan/close-summary";
import { testAwsClients } from "../../support/aws";
import { AwsWorld, MOCK_IDENTITY_STORE_ID } from "../../support/aws-rules/world";
import { runCli } from "../../support/run-cli";
import { students, TYPES, WorkshopOnWorld } from "../../support/workshop-on-world";

describe("up under AWS's rules", function () {
    this.timeout(300_000);
    let workshop: WorkshopOnWorld;
    afterEach(() => workshop?.close());

    const up = (...flags: string[]) => runCli(["up", "--yes", ...flags], { engine: workshop.engine, context: { projectDir: workshop.dir } });
    const createdUsers = () => workshop.world.identityStore.calls.filter((c) => c.api === "CreateUser").map((c) => (c.input as { userName: string }).userName);

    describe("students who already have an Identity Center user", () => {
        let staffId: string;
        beforeEach(() => {
            const world = new AwsWorld();
            // A teacher's own user, by email, with another user name; and a student from last term's workshop.
            // Her profile has every optional attribute the provider knows, as an administrator or a SCIM sync would set them.
            staffId = world.identityStore.createUser(MOCK_IDENTITY_STORE_ID, {
                userName: "tina", displayName: "Tina Teacher", givenName: "Tina", familyName: "Teacher", emails: ["student2@uni.example"],
                profile: {
                    nickName: "T", profileUrl: "https://uni.example/~tina", title: "Lecturer", userType: "Staff", preferredLanguage: "de",
                    locale: "de-AT", timezone: "Europe/Vienna",
                    addresses: [{ streetAddress: "Campus 1", locality: "Wien", postalCode: "1010", country: "AT", type: "work", primary: true }],
                    phoneNumbers: [{ value: "+43 1 234", type: "work", primary: true }],
                },
            }).userId;
            world.identityStore.createUser(MOCK_IDENTITY_STORE_ID, { userName: "student3@uni.example", displayName: "Old Student", emails: ["old@uni.example"] });
            world.identityStore.calls.length = 0;
            workshop = new WorkshopOnWorld(students(4), { world });
        });

        it("are found before any change, and up stops with the list and the fix", async () => {
            const result = await up();
            expect(result.exitCode).to.equal(1);
            expect(result.stderr).to.contain("2 student(s) already have an Identity Center user in d-0123456789")
                .and.contain(`student2@uni.example: user ${staffId} has this email`)
                .and.contain("student3@uni.example: user").and.contain("has this user name")
                .and.contain("workshop-accounts:adoptExistingUsers true").and.contain("Nothing was changed");
            expect(workshop.engine.calls).to.deep.equal(["preview"]);
            expect(workshop.engine.resources()).to.deep.equal([]);
            expect(createdUsers()).to.deep.equal([]);
        });

        it("are adopted with adoptExistingUsers: imported whatever their profile holds, not created, not rewritten, and kept at destroy", async () => {
            await workshop.engine.setConfig("adoptExistingUsers", "true");
            const result = await up();
            expect(result.exitCode, result.stderr).to.equal(0);
            expect(result.stdout).to.contain("Adopting 2 existing Identity Center user(s)");
            expect(JSON.parse((await workshop.engine.getConfig("adoptedUsers"))!)).to.have.keys("student2@uni.example", "student3@uni.example");
            expect(createdUsers()).to.have.members(["student1@uni.example", "student4@uni.example"]);
            expect(workshop.world.identityStore.user(staffId).displayName).to.equal("Tina Teacher");
            expect(workshop.world.identityStore.user(staffId).profile).to.include({ title: "Lecturer", locale: "de-AT", nickName: "T" });

            const again = await up();
            expect(again.exitCode, again.stderr).to.equal(0);
            expect(again.stdout).to.contain("No changes");

            const destroyed = await runCli(["destroy", "--yes", "--no-report"], { engine: workshop.engine, context: { projectDir: workshop.dir } });
            expect(destroyed.exitCode, destroyed.stderr).to.equal(0);
            expect([...workshop.world.identityStore.users.values()].map((u) => u.userName)).to.have.members(["tina", "student3@uni.example"]);
        });
    });

    it("looks for existing Identity Center users in the stack's aws:region, not in AWS_REGION (the SES region)", async () => {
        const world = new AwsWorld({ identityCenterRegion: "eu-west-1" });
        world.identityStore.createUser(MOCK_IDENTITY_STORE_ID, { userName: "student2@uni.example", emails: ["student2@uni.example"] });
        workshop = new WorkshopOnWorld(students(2), { world, config: { "aws:region": "eu-west-1" } });
        const result = await runCli(["up", "--yes"], { engine: workshop.engine, context: { projectDir: workshop.dir, aws: testAwsClients({ AWS_REGION: "us-east-1" }) } });
        expect(result.stderr).not.to.contain("not found in us-east-1");
        expect(result.stderr).to.contain("1 student(s) already have an Identity Center user in d-0123456789");
        expect(workshop.world.identityStore.calls.filter((c) => c.api === "ListUsers")).to.have.length(2);
    });

    it("refuses to replace accounts unless --allow-replace, and says how many would be closed and recreated", async () => {
        workshop = new WorkshopOnWorld(students(2));
        expect((await up()).exitCode).to.equal(0);
        const before = workshop.ofType(TYPES.account).map((a) => a.id);
        await workshop.engine.setConfig("rootEmailBase", "aws-2027@school.example");

        const preview = await runCli(["preview"], { engine: workshop.engine, context: { projectDir: workshop.dir } });
        expect(preview.stdout).to.contain("2 account(s) would be CLOSED and RECREATED");
        const markdown = await runCli(["preview", "--markdown"], { engine: workshop.engine, context: { projectDir: workshop.dir } });
        expect(markdown.stdout).to.contain("2 account(s) would be CLOSED and RECREATED");

        const refused = await up();
        expect(refused.exitCode).to.equal(1);
        expect(refused.stderr).to.contain("up --allow-replace");
        expect(workshop.engine.calls.filter((c) => c === "up")).to.have.length(1);
        expect(workshop.ofType(TYPES.account).map((a) => a.id)).to.deep.equal(before);

        const replaced = await up("--allow-replace");
        expect(replaced.exitCode, replaced.stderr).to.equal(0);
        expect(replaced.stdout).to.contain("Closed 2 account(s).");
        const after = workshop.ofType(TYPES.account).map((a) => a.id);
        expect(after.filter((id) => before.includes(id))).to.deep.equal([]);
        expect(workshop.world.accountsIn(workshop.world.suspendedOuId!).map((a) => a.id)).to.have.members(before);
    });

    it("closing removed students beyond the quota: the same warning, summary and waiting exit code", async () => {
        // 12 members: the CloseAccount API reference allows 10 in 30 days.
        workshop = new WorkshopOnWorld(students(12));
        const summary = path.join(workshop.dir, "step-summary.md");
        expect((await up("--summary", summary)).exitCode).to.equal(0);
        expect(fs.readFileSync(summary, "utf8")).to.contain("**Done.**").and.contain("| 12 | 0 | 0 | 0 |");
        workshop.writeRoster(students(1));

        const preview = await runCli(["preview", "--markdown"], { engine: workshop.engine, context: { projectDir: workshop.dir } });
        const markdown = preview.stdout;
        expect(markdown).to.contain("11 account(s) close for good").and.contain("> **CloseAccount quota:** Closing 11 account(s)");
        expect(markdown.indexOf("CloseAccount quota")).to.be.lessThan(markdown.indexOf("| Student |"));

        fs.writeFileSync(summary, "");
        const result = await up("--summary", summary);
        expect(result.stderr).to.contain("Closing 11 account(s)").and.contain("(CloseAccount API reference: 10)")
            .and.contain("`npm run up` again after 2026-12-23");
        expect(result.stdout).to.match(/Closed 10 account\(s\); 1 wait for the quota \(student\d+@uni\.example\): run `npm run up` again after 2026-12-23\./);
        expect(result.exitCode).to.equal(WAITING_EXIT_CODE);
        const written = fs.readFileSync(summary, "utf8");
        expect(written).to.contain("**Waiting until 2026-12-23:** 1 account(s) wait for the CloseAccount quota").and.contain("| 0 | 10 | 1 | 0 |");
        expect(written).not.to.match(/student\d+@|student\d+-at-/);
    });
});
