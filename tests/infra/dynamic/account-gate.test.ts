import { expect } from "chai";

import { AccountGate } from "../../../infra/dynamic/account-gate";
import { DAY, MINUTE } from "../../support/aws-rules/clock";
import { AwsWorld } from "../../support/aws-rules/world";
import { PROVIDER_KEY, runDynamic } from "../../support/dynamic-provider";
import { runUnderMocks } from "../../support/pulumi-harness";

/** The provider's text exactly as the program serializes it into the state. */
async function gateProviderText(): Promise<string> {
    const { resources } = await runUnderMocks(() => {
        new AccountGate("g", { connection: {}, accountName: "x", accountEmail: "x@example.com", parkingOuId: "ou-x", releasePolicyIds: [], queue: "this stack" });
    });
    return String(resources.find((r) => r.name === "g")!.inputs[PROVIDER_KEY]);
}

/** `count` accounts in a workshop OU, as a deployed workshop has them. */
function workshopAccounts(world: AwsWorld, count: number, workshop = "k8s-nov") {
    const org = world.organizations;
    const ou = org.createOu({ parentId: org.rootId, name: workshop });
    const accounts = [];
    for (let i = 0; i < count; i++) {
        const account = org.createAccount({ name: `${workshop}-student${i}`, email: `aws+${workshop}-student${i}-ab12@school.example` });
        world.clock.advance(10 * MINUTE);
        org.moveAccount({ accountId: account.id, sourceParentId: org.rootId, destinationParentId: ou.id });
        accounts.push(account);
    }
    return accounts;
}

const gateProps = (world: AwsWorld, account: { name: string; email: string }, queue = "this stack") => ({
    connection: {}, accountName: account.name, accountEmail: account.email, parkingOuId: world.suspendedOuId!, releasePolicyIds: [], queue,
});

describe("account gate", function () {
    this.timeout(120_000);

    it("a 100-account destroy outlasts Organizations' throttling: every account is parked and closed, never more than 3 at a time", async () => {
        const world = new AwsWorld({ closeQuotaRule: "quotas-page" });
        const org = world.organizations;
        const accounts = workshopAccounts(world, 100);
        // MoveAccount: 2 per second, burst 3; CloseAccount 1 per 20 s (orgs_reference_limits.html); the 100 gates all start at once.
        org.throttling = true;
        const text = await gateProviderText();
        const results = await runDynamic(world, text, (provider) => Promise.allSettled(accounts.map((a) => provider.delete!(a.email, gateProps(world, a)))));
        const failed = results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => String(r.reason));
        expect(failed.slice(0, 3), `${failed.length} gates failed`).to.deep.equal([]);
        expect(org.throttled, "the model throttled").to.be.greaterThan(100);
        expect(world.accountsIn(world.suspendedOuId!).map((a) => a.id)).to.have.members(accounts.map((a) => a.id));
        expect(accounts.map((a) => org.status(a))).to.satisfy((states: string[]) => states.every((s) => s === "PENDING_CLOSURE" || s === "SUSPENDED"));
        expect(org.peakClosures, "closures in progress at once, refused ones included").to.equal(3);
    });

    it("a close refused for the 30-day quota keeps the gate: the next run closes it through admission", async () => {
        // 10 members: the CloseAccount API reference's quota is 10 closures in 30 days.
        const world = new AwsWorld({ closeQuotaRule: "api-reference" });
        const org = world.organizations;
        const accounts = workshopAccounts(world, 10);
        const text = await gateProviderText();
        const first = await runDynamic(world, text, (provider) => Promise.allSettled(accounts.map((a) => provider.delete!(a.email, gateProps(world, a)))));
        expect(first.every((r) => r.status === "fulfilled")).to.equal(true);
        const later = workshopAccounts(world, 4, "k8s-dec");
        const refused = await runDynamic(world, text, (provider) => Promise.allSettled(later.map((a) => provider.delete!(a.email, gateProps(world, a)))));
        const reasons = refused.map((r) => (r.status === "rejected" ? String(r.reason) : "closed"));
        expect(reasons.every((r) => /CLOSE_ACCOUNT_QUOTA_EXCEEDED|quota/.test(r)), reasons.join("\n")).to.equal(true);
        // Refused accounts wait parked, still active, and hold no slot: no lease is left on the parking OU.
        expect(later.map((a) => org.status(a))).to.deep.equal(["ACTIVE", "ACTIVE", "ACTIVE", "ACTIVE"]);
        expect(world.accountsIn(world.suspendedOuId!).map((a) => a.id)).to.include.members(later.map((a) => a.id));
        expect(Object.keys(org.listTags(world.suspendedOuId!)).filter((k) => k.startsWith("workshop-accounts-admission"))).to.deep.equal([]);

        world.clock.advance(31 * DAY);
        const peakBefore = org.peakClosures;
        const second = await runDynamic(world, text, (provider) => Promise.allSettled(later.map((a) => provider.delete!(a.email, gateProps(world, a)))));
        expect(second.map((r) => r.status)).to.deep.equal(["fulfilled", "fulfilled", "fulfilled", "fulfilled"]);
        expect(later.map((a) => org.status(a))).to.satisfy((states: string[]) => states.every((s) => s === "PENDING_CLOSURE" || s === "SUSPENDED"));
        expect(Math.max(peakBefore, org.peakClosures)).to.equal(3);
    });

    it("an account that was never created, or already closed, is left alone", async () => {
        const world = new AwsWorld();
        const [closed] = workshopAccounts(world, 1);
        world.organizations.closeAccount(closed.id);
        const text = await gateProviderText();
        const before = world.organizations.calls.length;
        await runDynamic(world, text, async (provider) => {
            await provider.delete!("never@school.example", gateProps(world, { name: "never", email: "never@school.example" }));
            await provider.delete!(closed.email, gateProps(world, closed));
        });
        expect(world.organizations.calls.slice(before).filter((c) => c.api === "CloseAccount" || c.api === "MoveAccount")).to.deep.equal([]);
    });

    it("an account still being created (an up cut short, then destroy) is not left behind: the gate waits for it, then closes it", async () => {
        const world = new AwsWorld();
        const account = world.organizations.createAccount({ name: "k8s-nov-student1", email: "aws+k8s-nov-student1-ab12@school.example" });
        const text = await gateProviderText();
        await runDynamic(world, text, (provider) => provider.delete!(account.email, gateProps(world, account)));
        expect(world.organizations.status(account)).to.equal("PENDING_CLOSURE");
        expect(world.accountsIn(world.suspendedOuId!).map((a) => a.id)).to.deep.equal([account.id]);
    });

    it("creating a gate for an account that exists already (a stack from before gates) takes no slot", async () => {
        const world = new AwsWorld();
        const [existing] = workshopAccounts(world, 1);
        const text = await gateProviderText();
        const before = world.organizations.calls.length;
        await runDynamic(world, text, (provider) => provider.create(gateProps(world, existing)));
        expect(world.organizations.calls.slice(before).map((c) => c.api)).not.to.include("TagResource");
    });
});
