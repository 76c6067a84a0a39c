import { expect } from "chai";

import { MINUTE } from "../../support/aws-rules/clock";
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

    describe("destroy meeting a running freeze (DeleteBudgetAction is refused while the action runs)", () => {
        const freezeOf = (w: WorkshopOnWorld, key: string) => [...w.world.budgets.actions.values()].find((a) => a.budgetName === `k8s-nov-${key}`)!;

        it("waits the action out, then deletes it: every account closes", async () => {
            workshop = new WorkshopOnWorld(students(2));
            expect((await workshop.engine.up()).failures).to.deep.equal([]);
            const accounts = workshop.ofType(TYPES.account).map((a) => a.id);
            workshop.world.budgets.run(freezeOf(workshop, "student1-at-uni-example").actionId, "EXECUTION_IN_PROGRESS", 4 * MINUTE, "EXECUTION_SUCCESS");
            const destroy = await workshop.engine.destroy();
            expect(destroy.failures.map((f) => f.message)).to.deep.equal([]);
            expect(workshop.world.budgets.actions.size).to.equal(0);
            expect(workshop.world.accountsIn(workshop.world.suspendedOuId!).map((a) => a.id)).to.have.members(accounts);
        });

        it("an action that keeps running is given up on after a bound, with what to do; the others are torn down", async () => {
            workshop = new WorkshopOnWorld(students(2));
            expect((await workshop.engine.up()).failures).to.deep.equal([]);
            workshop.world.budgets.run(freezeOf(workshop, "student1-at-uni-example").actionId, "REVERSE_IN_PROGRESS", 24 * 60 * MINUTE, "REVERSE_SUCCESS");
            const destroy = await workshop.engine.destroy();
            const messages = destroy.failures.map((f) => f.message);
            expect(messages).to.have.length(1);
            expect(messages[0]).to.match(/k8s-nov-student1-at-uni-example.*still REVERSE_IN_PROGRESS after 15 min.*ResourceLockedException.*destroy again/);
            expect(workshop.world.budgets.actions.size).to.equal(1);
            const org = workshop.world.organizations;
            const open = workshop.ofType(TYPES.account).filter((a) => org.status(org.account(a.id)) === "ACTIVE").map((a) => a.name);
            expect(open, "only the locked student's account stays, for the next destroy").to.deep.equal(["student1-at-uni-example"]);
        });
    });
});
