import { expect } from "chai";

import { DYNAMIC_TYPE_PREFIX } from "../../support/dynamic-provider";
import { students, TYPES, WorkshopOnWorld } from "../../support/workshop-on-world";

/** Static keys in the stack config, as `pulumi config set --secret aws:secretKey` leaves them; the token is a session's. */
const KEYS = { accessKeyId: "AKIAWORKSHOPTEST0001", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYWORKSHOP01" };
const TOKEN_1 = "FwoGZXIvYXdzEBYaDSESSIONONE";
const TOKEN_2 = "FwoGZXIvYXdzEBYaDSESSIONTWO";

function stackKeys(token: string): Record<string, string> {
    return { "aws:accessKey": KEYS.accessKeyId, "aws:secretKey": KEYS.secretAccessKey, "aws:token": token };
}

/**
 * The dynamic providers (account gate, policy release, role readiness) act with the stack's
 * credentials as they are when the provider runs, never with a copy kept in the state: a copy goes
 * stale when the session ends, and `destroy` would then fail to park (and close) the accounts.
 */
describe("dynamic providers' AWS credentials", function () {
    this.timeout(300_000);
    let workshop: WorkshopOnWorld;
    afterEach(() => workshop?.close());

    async function deployed(): Promise<WorkshopOnWorld> {
        const w = new WorkshopOnWorld(students(2), { config: stackKeys(TOKEN_1) });
        w.world.validCredentials = { ...KEYS, sessionToken: TOKEN_1 };
        const up = await w.engine.up();
        expect(up.failures.map((f) => f.message)).to.deep.equal([]);
        return w;
    }

    /** The session ends; the instructor signs in again and the stack config gets the new token. */
    async function renewSession(w: WorkshopOnWorld): Promise<void> {
        w.world.validCredentials = { ...KEYS, sessionToken: TOKEN_2 };
        await w.engine.setConfig("aws:token", TOKEN_2);
    }

    it("no dynamic resource's inputs or state hold a credential", async () => {
        workshop = await deployed();
        const dynamic = workshop.engine.resources().filter((r) => r.type.startsWith(DYNAMIC_TYPE_PREFIX));
        expect(dynamic.map((r) => r.name)).to.include.members(["student1-at-uni-example-gate", "student2-at-uni-example-gate"]);
        for (const r of dynamic) {
            const state = JSON.stringify({ inputs: r.inputs, outputs: r.outputs });
            for (const secret of [KEYS.accessKeyId, KEYS.secretAccessKey, TOKEN_1]) expect(state, r.name).not.to.contain(secret);
        }
    });

    it("a new session token changes nothing: no resource is updated", async () => {
        workshop = await deployed();
        await renewSession(workshop);
        const preview = await workshop.engine.preview();
        // Explicit AWS providers take the stack's settings as their own inputs (infra/providers.ts): Pulumi's business, not a resource.
        const resources = preview.changes.filter((c) => !c.type.startsWith("pulumi:providers:"));
        expect(resources.filter((c) => c.op !== "same").map((c) => `${c.op} ${c.name}`)).to.deep.equal([]);
    });

    it("destroy after the session was renewed parks and closes every account with the current credentials", async () => {
        workshop = await deployed();
        const accounts = workshop.ofType(TYPES.account).map((a) => a.id);
        await renewSession(workshop);
        const destroy = await workshop.engine.destroy();
        expect(destroy.failures.map((f) => f.message)).to.deep.equal([]);
        expect(workshop.world.accountsIn(workshop.world.suspendedOuId!).map((a) => a.id)).to.have.members(accounts);
    });
});
