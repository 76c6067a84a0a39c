import { expect } from "chai";

import { AccountParking } from "../../../infra/dynamic/account-parking";
import { AwsWorld } from "../../support/aws-rules/world";
import { PROVIDER_KEY, runDynamic } from "../../support/dynamic-provider";
import { runUnderMocks } from "../../support/pulumi-harness";

/** The provider's text exactly as the program serializes it into the state. */
async function parkingProviderText(): Promise<string> {
    const { resources } = await runUnderMocks(() => {
        new AccountParking("p", { connection: {}, accountId: "000000000000", parkingOuId: "ou-x", releasePolicyIds: [], queue: "this stack" });
    });
    return String(resources.find((r) => r.name === "p")!.inputs[PROVIDER_KEY]);
}

describe("account parking", function () {
    this.timeout(120_000);

    it("a 100-account destroy outlasts Organizations' throttling: every account is parked", async () => {
        const world = new AwsWorld();
        const org = world.organizations;
        const workshopOu = org.createOu({ parentId: org.rootId, name: "k8s-nov" });
        const ids: string[] = [];
        for (let i = 0; i < 100; i++) {
            const account = org.createAccount({ name: `k8s-nov-student${i}`, email: `aws+student${i}@school.example` });
            world.clock.advance(10 * 60_000);
            org.moveAccount({ accountId: account.id, sourceParentId: org.rootId, destinationParentId: workshopOu.id });
            ids.push(account.id);
        }
        // MoveAccount: 2 per second, burst 3 (orgs_reference_limits.html); the 100 parkings all start at once.
        org.throttling = true;
        const text = await parkingProviderText();
        const results = await runDynamic(world, text, (provider) => Promise.allSettled(ids.map((id) =>
            provider.delete!(id, { connection: {}, accountId: id, parkingOuId: world.suspendedOuId!, releasePolicyIds: [] }))));
        const failed = results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => String(r.reason));
        expect(failed.slice(0, 3), `${failed.length} parkings failed`).to.deep.equal([]);
        expect(org.throttled, "the model throttled").to.be.greaterThan(100);
        expect(world.accountsIn(world.suspendedOuId!).map((a) => a.id)).to.have.members(ids);
    });
});
