import { expect } from "chai";

import { MINUTE } from "../../support/aws-rules/clock";
import { AwsWorld, ROLE_PROPAGATION_DELAY } from "../../support/aws-rules/world";
import { students, WorkshopOnWorld } from "../../support/workshop-on-world";

const ROLE_READY = "pulumi-nodejs:dynamic/workshop-accounts:RoleReady";

describe("lab network on a new account", function () {
    this.timeout(120_000);
    let workshop: WorkshopOnWorld;
    afterEach(() => workshop?.close());

    it("waits until the new account's access role can be assumed, then builds through it", async () => {
        workshop = new WorkshopOnWorld(students(2), { config: { labNetwork: "true" } });
        const up = await workshop.engine.up();
        expect(up.failures.map((f) => f.message)).to.deep.equal([]);
        const ready = workshop.ofType(ROLE_READY);
        expect(ready).to.have.length(2);
        // IAM refused the first attempts (the role propagates for ROLE_PROPAGATION_DELAY); it kept trying.
        for (const r of ready) expect(r.outputs.attempts as number).to.be.greaterThan(1);
        expect(ROLE_PROPAGATION_DELAY).to.be.greaterThan(0);
    });

    it("gives up after five minutes with the reason, and only that student's lab network fails", async () => {
        const world = new AwsWorld();
        world.rolePropagationDelay = 60 * MINUTE;
        workshop = new WorkshopOnWorld(students(1), { world, config: { labNetwork: "true" } });
        const up = await workshop.engine.up();
        expect(up.failures).to.have.length(1);
        expect(up.failures[0].name).to.equal("student1-at-uni-example-lab-role-ready");
        expect(up.failures[0].message).to.match(/OrganizationAccountAccessRole could not be assumed after \d+ attempt\(s\) over 300 s: .*AccessDenied/);
        expect(workshop.ofType("aws:organizations/account:Account")).to.have.length(1);
    });
});
