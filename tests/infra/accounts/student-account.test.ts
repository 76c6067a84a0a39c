import { expect } from "chai";

import { students, TYPES, WorkshopOnWorld } from "../../support/workshop-on-world";

/** One student's resources under the AWS rules model, through roster edits and teardown. */
describe("a student's resources under the AWS rules model", function () {
    this.timeout(300_000);
    let workshop: WorkshopOnWorld;
    afterEach(() => workshop?.close());

    it("an email changed only in letter case keeps the student's Identity Center user: nothing is replaced or refused", async () => {
        const roster = students(2);
        workshop = new WorkshopOnWorld(roster);
        expect((await workshop.engine.up()).failures).to.deep.equal([]);
        const store = workshop.world.identityStore;
        const before = [...store.users.values()].map((u) => ({ ...u }));

        workshop.writeRoster([{ ...roster[0], email: "Student1@Uni.Example" }, roster[1]]);
        const up = await workshop.engine.up();
        expect(up.failures.map((f) => f.message)).to.deep.equal([]);
        expect(up.changes.filter((c) => c.type === TYPES.user && c.op !== "update").map((c) => `${c.op} ${c.name}`)).to.deep.equal([]);
        expect(store.calls.filter((c) => c.api === "CreateUser" || c.api === "DeleteUser")).to.have.length(2);
        const user = store.user(before[0].userId);
        expect(user.userName, "the sign-in name stays what the student was told").to.equal(before[0].userName);
        expect(user.emails).to.deep.equal(["Student1@Uni.Example"]);
    });
});
