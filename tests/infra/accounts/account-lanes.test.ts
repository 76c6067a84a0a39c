import { expect } from "chai";
import * as fc from "fast-check";

import { ACCOUNT_LANES, accountLane, lanePredecessors } from "../../../infra/accounts/account-lanes";
import { declareWorkshop } from "../../../infra/workshop";
import { testSettings, testStudents } from "../../fixtures/workshop";
import { maxAntichain, orderingOf } from "../../support/graph";
import { type DeclaredResource,runUnderMocks } from "../../support/pulumi-harness";

const ACCOUNT = "aws:organizations/account:Account";
/** orgs_reference_limits.html: account creations and closures in progress at once. */
const CREATIONS_IN_FLIGHT = 5;
const CLOSURES_IN_FLIGHT = 3;

async function declared(count: number): Promise<DeclaredResource[]> {
    const { resources } = await runUnderMocks(() => { declareWorkshop(testSettings(), testStudents(count)); });
    return resources;
}

describe("account lanes", function () {
    this.timeout(120_000);

    it("fit both Organizations limits: no more lanes than closures in flight", () => {
        expect(ACCOUNT_LANES).to.be.at.most(Math.min(CREATIONS_IN_FLIGHT, CLOSURES_IN_FLIGHT));
    });

    it("a student's lane depends on their key alone", () => {
        fc.assert(fc.property(fc.string({ minLength: 1 }), (key) => {
            const lane = accountLane(key);
            expect(lane).to.be.within(0, ACCOUNT_LANES - 1);
            expect(accountLane(key)).to.equal(lane);
        }));
    });

    it("adding a student changes the wait of at most one other student, removing one likewise", () => {
        fc.assert(fc.property(fc.uniqueArray(fc.stringMatching(/^[a-z]{1,8}$/), { minLength: 1, maxLength: 60 }), (keys) => {
            const [added, ...others] = keys;
            const before = lanePredecessors(others);
            const after = lanePredecessors(keys);
            const changed = others.filter((k) => before.get(k) !== after.get(k));
            expect(changed.length).to.be.at.most(1);
            for (const key of changed) expect(after.get(key)).to.equal(added);
        }));
    });

    for (const count of [1, 7, 30]) {
        it(`the declared graph of ${count} student(s) lets at most ${ACCOUNT_LANES} accounts be created or closed at once`, async () => {
            const resources = await declared(count);
            const before = orderingOf(resources.map((r) => ({ urn: r.urn, dependencies: r.options.dependencies })));
            const accounts = resources.filter((r) => r.type === ACCOUNT).map((r) => r.urn);
            expect(accounts).to.have.length(count);
            // Deletion runs the same order backwards, so the bound holds for closures too.
            expect(maxAntichain(accounts, before)).to.equal(Math.min(count, ACCOUNT_LANES));
        });
    }

    it("the declared graph changes for one other account when a student joins", async () => {
        const waits = (rs: DeclaredResource[]) => new Map(rs.filter((r) => r.type === ACCOUNT).map((r) => [r.name, r.options.dependencies.filter((d) => d.includes(ACCOUNT)).join()]));
        const before = waits(await declared(20));
        const after = waits(await declared(21));
        const changed = [...before.keys()].filter((name) => before.get(name) !== after.get(name));
        expect(changed.length).to.be.at.most(1);
    });
});
