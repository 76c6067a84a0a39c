import { expect } from "chai";
import fc from "fast-check";

import { DAY } from "../../support/aws-rules/clock";
import { drawnCreateDurations } from "../../support/aws-rules/organizations";
import { AwsWorld } from "../../support/aws-rules/world";
import { MockEngine } from "../../support/mock-engine";
import { seeded } from "../../support/seeded-random";
import { students, TYPES, WorkshopOnWorld } from "../../support/workshop-on-world";

/** Failures Organizations gives when one of its in-progress limits is exceeded (../shared/README.md). */
const CONCURRENCY = /ConcurrentModificationException|TooManyRequestsException/;

function concurrencyRefusals(result: { failures: { message: string }[] }): string[] {
    return result.failures.map((f) => f.message).filter((m) => CONCURRENCY.test(m));
}

/**
 * Organizations' in-progress limits (orgs_reference_limits.html: 5 creations, 3 closures) hold for
 * the whole organization; the rules model refuses any more, and records the most it ever saw.
 */
describe("accounts at AWS's own pace", function () {
    this.timeout(600_000);
    const workshops: WorkshopOnWorld[] = [];
    afterEach(() => { for (const w of workshops.splice(0)) w.close(); });
    const workshop = (...args: ConstructorParameters<typeof WorkshopOnWorld>) => {
        const w = new WorkshopOnWorld(...args);
        workshops.push(w);
        return w;
    };

    for (const [remove, of] of [[3, 12], [15, 20]]) {
        it(`removing ${remove} of ${of} students never has more than 3 closures in progress`, async () => {
            // The 30-day close quota of the quotas page (250), so only the in-progress limit is in play.
            const w = workshop(students(of), { world: { closeQuotaRule: "quotas-page" } });
            expect((await w.engine.up()).failures).to.deep.equal([]);
            w.world.clock.advance(DAY);
            // Every other student first, then the rest, so removed students sat between kept ones.
            const order = students(of).map((s, i) => ({ s, i })).sort((a, b) => (a.i % 2) - (b.i % 2) || a.i - b.i);
            const removed = new Set(order.slice(0, remove).map(({ s }) => s.email));
            w.writeRoster(students(of).filter((s) => !removed.has(s.email)));
            const result = await w.engine.up();
            expect(concurrencyRefusals(result)).to.deep.equal([]);
            expect(result.failures).to.deep.equal([]);
            expect(w.world.organizations.peakClosures).to.be.within(1, 3);
            expect(w.world.organizations.closeRequests).to.have.length(remove);
        });
    }

    // A roster keeps at least one student (an empty one is refused: `destroy` ends a workshop).
    it("removing any subset of 9 students, their creation times drawn anew, never has more than 3 closures in progress", async () => {
        await fc.assert(fc.asyncProperty(
            fc.subarray([...students(9).keys()], { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 2 ** 31 - 1 }),
            async (removedIndexes, seed) => {
                // 2-6 minutes per CreateAccount, from the seed: accounts finish in a different order each run.
                const createDuration = drawnCreateDurations(seeded(seed));
                const w = workshop(students(9), { world: { closeQuotaRule: "quotas-page", createDuration } });
                try {
                    expect((await w.engine.up()).failures).to.deep.equal([]);
                    w.world.clock.advance(DAY);
                    w.writeRoster(students(9).filter((_, i) => !removedIndexes.includes(i)));
                    const result = await w.engine.up();
                    expect(result.ok, result.error).to.equal(true);
                    expect(result.failures).to.deep.equal([]);
                    expect(w.world.organizations.peakClosures).to.be.within(1, 3);
                    expect(w.world.organizations.closeRequests).to.have.length(removedIndexes.length);
                } finally {
                    w.close();
                }
            }), { numRuns: 5 });
    });

    it("two stacks removing students at the same time never have more than 3 closures in progress between them", async () => {
        const world = new AwsWorld({ closeQuotaRule: "quotas-page" });
        const a = workshop(students(8), { world });
        const b = workshop(students(8, 100), { world, stack: "ml", config: { workshopName: "ml-dec" } });
        for (const result of await MockEngine.upTogether([a.engine, b.engine])) expect(result.failures).to.deep.equal([]);
        world.clock.advance(DAY);
        a.writeRoster(students(8).slice(0, 2));
        b.writeRoster(students(8, 100).slice(0, 3));
        for (const result of await MockEngine.upTogether([a.engine, b.engine])) {
            expect(concurrencyRefusals(result)).to.deep.equal([]);
            expect(result.failures).to.deep.equal([]);
        }
        expect(world.organizations.peakClosures).to.be.within(1, 3);
        expect(world.organizations.closeRequests).to.have.length(11);
    });

    it("a failed creation holds back nobody: every other student is created", async () => {
        const w = workshop(students(12));
        w.engine.failOn = (type, name, op) => (type === TYPES.account && name === "student3-at-uni-example" && op === "create"
            ? "creating AWS Organizations Account: EMAIL_ALREADY_EXISTS" : undefined);
        const result = await w.engine.up();
        expect(result.failures.map((f) => f.name)).to.deep.equal(["student3-at-uni-example"]);
        expect(w.ofType(TYPES.account)).to.have.length(11);
        expect(Object.keys((await w.engine.outputs()).students.value as object)).to.have.length(11);
    });

    it("two stacks deploying together never have more than 5 creations in progress", async () => {
        const world = new AwsWorld();
        const a = workshop(students(12), { world });
        const b = workshop(students(12, 100), { world, stack: "ml", config: { workshopName: "ml-dec" } });
        const results = await MockEngine.upTogether([a.engine, b.engine]);
        for (const result of results) expect(result.failures).to.deep.equal([]);
        expect(world.organizations.peakCreations).to.be.within(1, 5);
        expect(world.organizations.members()).to.have.length(24);
    });

    it("destroy of 50 completes with no refusal for concurrency", async () => {
        const w = workshop(students(50), { world: { closeQuotaRule: "quotas-page" } });
        expect((await w.engine.up()).failures).to.deep.equal([]);
        expect(w.world.organizations.peakCreations).to.be.within(1, 5);
        w.world.clock.advance(DAY);
        const result = await w.engine.destroy();
        expect(concurrencyRefusals(result)).to.deep.equal([]);
        expect(result.failures).to.deep.equal([]);
        expect(w.world.organizations.peakClosures).to.be.within(1, 3);
        expect(w.world.organizations.closeRequests).to.have.length(50);
    });
});
