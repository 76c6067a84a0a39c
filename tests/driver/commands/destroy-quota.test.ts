import { expect } from "chai";

import { WAITING_EXIT_CODE } from "../../../driver/plan/close-summary";
import { DAY, MINUTE } from "../../support/aws-rules/clock";
import { AwsWorld } from "../../support/aws-rules/world";
import { runCli } from "../../support/run-cli";
import { students, TYPES, WorkshopOnWorld } from "../../support/workshop-on-world";

describe("destroy under the CloseAccount quota (rules model)", function () {
    this.timeout(300_000);
    let workshop: WorkshopOnWorld;
    afterEach(() => workshop?.close());

    const destroy = () => runCli(["destroy", "--yes", "--no-report"], { engine: workshop.engine, context: { projectDir: workshop.dir } });

    it("a 30-student destroy that hits the quota half-way waits with a date, and a second destroy finishes", async () => {
        // 120 other member accounts: 150 members, so the CloseAccount API reference's quota is 15.
        const world = new AwsWorld();
        for (let i = 0; i < 120; i++) {
            world.organizations.createAccount({ name: `other ${i}`, email: `aws+other${i}@school.example` });
            world.clock.advance(5 * MINUTE);
        }
        workshop = new WorkshopOnWorld(students(30), { world });
        expect((await workshop.engine.up()).failures).to.deep.equal([]);
        const ouId = workshop.ouId();
        const ids = workshop.ofType(TYPES.account).map((a) => a.id);
        const frozen = ids[3];
        world.freeze(frozen, "k8s-nov-scp-freeze");

        const first = await destroy();
        expect(first.exitCode, first.stderr).to.equal(WAITING_EXIT_CODE);
        expect(first.stderr).to.contain("Closing 30 account(s)").and.contain("(CloseAccount API reference: 15)")
            .and.contain("(Organizations quotas page: 250)").and.contain("`npm run destroy` again after 2026-12-23");
        // No account waits for another any more: all 15 that could not close were refused by Organizations themselves.
        expect(first.stdout).to.match(/Closed 15 account\(s\); 15 wait for the quota \([^)]*\): run `npm run destroy` again after 2026-12-23\./);
        const waitingStudents = (await workshop.engine.outputs()).students.value as Record<string, { email: string }>;
        const waiting = Object.values(waitingStudents).map((s) => s.email);
        const waitingKeys = Object.keys(waitingStudents);
        expect(waiting).to.have.length(15);
        const doneLine = first.stdout.split("\n").find((l) => l.startsWith("Done for")) ?? "";
        for (const email of waiting) expect(doneLine).not.to.contain(`${email},`).and.not.to.contain(`${email}.`);
        expect(first.stderr).not.to.contain("are still in the stack");
        // Those that wait are parked already: out of the workshop OU, under the deny-all SCP, unfrozen.
        // Pulumi forgot their accounts; each one's gate stays in the stack to close it through admission next time.
        expect(workshop.ofType(TYPES.account)).to.deep.equal([]);
        expect(workshop.ofType(TYPES.gate).map((g) => g.name)).to.have.members(waitingKeys.map((k) => `${k}-gate`));
        expect(first.stdout).not.to.match(/ok student(1[0-5]|[1-9])@uni.example: account closed/);
        expect(world.accountsIn(world.suspendedOuId!).map((a) => a.id)).to.have.members(ids);
        expect(world.organizations.ous.has(ouId)).to.equal(true);

        world.clock.advance(31 * DAY);
        const second = await destroy();
        expect(second.exitCode, second.stderr).to.equal(0);
        expect(second.stdout).to.contain("Closed 15 account(s).");
        expect(world.organizations.peakClosures, "closures in progress at once, refused ones included").to.equal(3);
        expect(workshop.engine.resources()).to.deep.equal([]);
        expect(world.organizations.ous.has(ouId)).to.equal(false);
        expect([...world.organizations.policies.values()].filter((p) => p.name.startsWith("k8s-nov-"))).to.deep.equal([]);
        for (const id of ids) expect(world.organizations.status(world.organizations.account(id))).to.be.oneOf(["PENDING_CLOSURE", "SUSPENDED"]);
    });

    it("an account that finished closing after a timed-out run leaves the state instead of failing to close again", async () => {
        workshop = new WorkshopOnWorld(students(2));
        expect((await workshop.engine.up()).failures).to.deep.equal([]);
        const [account] = workshop.ofType(TYPES.account);
        // Closed outside this run (a previous destroy that gave up waiting): SUSPENDED by now.
        workshop.world.organizations.moveAccount({ accountId: account.id, sourceParentId: workshop.ouId(), destinationParentId: workshop.world.suspendedOuId! });
        workshop.world.organizations.closeAccount(account.id);
        workshop.world.clock.advance(DAY);
        const result = await destroy();
        expect(result.exitCode, result.stderr).to.equal(0);
        expect(workshop.engine.resources()).to.deep.equal([]);
    });
});
