import { expect } from "chai";

import { DAY } from "../support/aws-rules/clock";
import { students, TYPES, WorkshopOnWorld } from "../support/workshop-on-world";

/**
 * The workshop's whole life under the AWS rules model: what `up` creates and what `destroy` leaves,
 * with AWS refusing what it refuses (closed accounts stay in their OU, an attached policy cannot
 * be deleted, closing takes longer than the provider's default timeout, at most 5 creations and 3
 * closures in flight).
 */
describe("workshop lifecycle under the AWS rules model", function () {
    this.timeout(300_000);
    let workshop: WorkshopOnWorld;
    afterEach(() => workshop?.close());

    const freezePolicyName = "k8s-nov-scp-freeze";
    const accountIds = () => workshop.ofType(TYPES.account).map((a) => a.id);

    it("destroy closes every account, the 10-11 minutes of closing left to AWS: no provider timeout cuts a close short", async () => {
        workshop = new WorkshopOnWorld(students(2));
        const up = await workshop.engine.up();
        expect(up.failures, JSON.stringify(up.failures)).to.deep.equal([]);
        const ids = accountIds();
        const destroy = await workshop.engine.destroy();
        expect(destroy.failures.map((f) => f.message).join("\n")).not.to.match(/timeout while waiting/);
        expect(destroy.failures).to.deep.equal([]);
        for (const id of ids) expect(workshop.world.organizations.status(workshop.world.organizations.account(id))).to.be.oneOf(["PENDING_CLOSURE", "SUSPENDED"]);
    });

    it("destroy deletes the workshop OU: closed accounts are parked in the Suspended OU", async () => {
        workshop = new WorkshopOnWorld(students(3));
        expect((await workshop.engine.up()).failures).to.deep.equal([]);
        const ouId = workshop.ouId();
        const ids = accountIds();
        const destroy = await workshop.engine.destroy();
        expect(destroy.failures.map((f) => f.message), "destroy failures").to.deep.equal([]);
        expect(workshop.engine.resources()).to.deep.equal([]);
        expect(workshop.world.organizations.ous.has(ouId), "workshop OU still exists").to.equal(false);
        const parked = workshop.world.accountsIn(workshop.world.suspendedOuId!);
        expect(parked.map((a) => a.id)).to.have.members(ids);
        for (const account of parked) expect(account.status).to.be.oneOf(["PENDING_CLOSURE", "SUSPENDED"]);
    });

    it("a student frozen by Budgets: destroy detaches the freeze SCP before deleting it", async () => {
        workshop = new WorkshopOnWorld(students(2));
        expect((await workshop.engine.up()).failures).to.deep.equal([]);
        const [frozen] = accountIds();
        workshop.world.freeze(frozen, freezePolicyName);
        const destroy = await workshop.engine.destroy();
        expect(destroy.failures.map((f) => f.message), "destroy failures").to.deep.equal([]);
        const policies = [...workshop.world.organizations.policies.values()].map((p) => p.name);
        expect(policies.filter((name) => name.startsWith("k8s-nov-"))).to.deep.equal([]);
    });

    it("removing a student parks and closes exactly their account, the freeze SCP detached first", async () => {
        const roster = students(3);
        workshop = new WorkshopOnWorld(roster);
        expect((await workshop.engine.up()).failures).to.deep.equal([]);
        const byName = new Map(workshop.ofType(TYPES.account).map((a) => [a.name, a.id]));
        const leaving = byName.get("student2-at-uni-example")!;
        workshop.world.freeze(leaving, freezePolicyName);
        workshop.writeRoster([roster[0], roster[2]]);
        const up = await workshop.engine.up();
        expect(up.failures.map((f) => f.message)).to.deep.equal([]);
        const org = workshop.world.organizations;
        expect(org.account(leaving).parentId).to.equal(workshop.world.suspendedOuId);
        expect(org.policiesFor(leaving).map((id) => org.policy(id).name)).not.to.include(freezePolicyName);
        for (const [name, id] of byName) {
            if (id !== leaving) expect(org.status(org.account(id)), name).to.equal("ACTIVE");
        }
    });

    it("30 students: up never has more than 5 creations in flight; frozen one, destroy leaves nothing but parked accounts", async () => {
        workshop = new WorkshopOnWorld(students(30));
        const up = await workshop.engine.up();
        expect(up.failures.map((f) => f.message), "up failures").to.deep.equal([]);
        expect(workshop.ofType(TYPES.account)).to.have.length(30);
        const ouId = workshop.ouId();
        const ids = accountIds();
        workshop.world.freeze(ids[7], freezePolicyName);
        workshop.world.clock.advance(DAY);

        const destroy = await workshop.engine.destroy();
        // The quota of the CloseAccount API reference: 10 of 30 members; the rest wait for the next window.
        const quotaFailures = destroy.failures.filter((f) => /CLOSE_ACCOUNT_QUOTA_EXCEEDED/.test(f.message));
        expect(destroy.failures.filter((f) => !quotaFailures.includes(f)).map((f) => f.message), "unexpected failures").to.deep.equal([]);
        for (let window = 0; window < 3 && workshop.engine.resources().length > 0; window++) {
            workshop.world.clock.advance(31 * DAY);
            const again = await workshop.engine.destroy();
            expect(again.failures.filter((f) => !/CLOSE_ACCOUNT_QUOTA_EXCEEDED/.test(f.message)).map((f) => f.message)).to.deep.equal([]);
        }
        expect(workshop.engine.resources()).to.deep.equal([]);
        expect(workshop.world.organizations.ous.has(ouId)).to.equal(false);
        expect([...workshop.world.organizations.policies.values()].filter((p) => p.name.startsWith("k8s-nov-"))).to.deep.equal([]);
        expect(workshop.world.accountsIn(workshop.world.suspendedOuId!).map((a) => a.id)).to.have.members(ids);
    });
});
