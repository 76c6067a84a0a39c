import {
type Action,
    BudgetsClient, DescribeBudgetActionsForBudgetCommand, ExecuteBudgetActionCommand, } from "@aws-sdk/client-budgets";
import {
    DescribeOrganizationCommand, DetachPolicyCommand, ListPoliciesForTargetCommand, OrganizationsClient,
} from "@aws-sdk/client-organizations";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import yargs from "yargs";

import { findStudent, planUnfreeze, type UnfreezePlan } from "../../../driver/aws/budget-freeze";
import {runUnfreeze} from "../../../driver/commands/unfreeze";
import { fixtureOutputMap, fixtureOutputs } from "../../fixtures/outputs";
import { driverCommand } from "../../support/driver-command";
import { capturingContext, FakeEngine } from "../../support/fake-engine";

const MANAGEMENT = "999988887777";
const ADA = fixtureOutputs().students.ada;

function freezeAction(status: string, accountId = ADA.accountId, actionId = `action-${status.toLowerCase()}`): Action {
    return {
        ActionId: actionId,
        BudgetName: ADA.budgetName,
        NotificationType: "ACTUAL",
        ActionType: "APPLY_SCP_POLICY",
        ActionThreshold: { ActionThresholdType: "PERCENTAGE", ActionThresholdValue: 100 },
        Definition: { ScpActionDefinition: { PolicyId: "p-freeze01", TargetIds: [accountId] } },
        ExecutionRoleArn: `arn:aws:iam::${MANAGEMENT}:role/aws101-budget-freeze`,
        ApprovalModel: "AUTOMATIC",
        Status: status as Action["Status"],
        Subscribers: [],
    };
}

describe("unfreeze: deciding what to reverse", function () {
    const cases: { name: string; actions: Action[]; plan: UnfreezePlan }[] = [
        { name: "no actions on the budget", actions: [], plan: { kind: "no-action" } },
        { name: "only another account's action", actions: [freezeAction("EXECUTION_SUCCESS", "000000000000")], plan: { kind: "no-action" } },
        {
            name: "an IAM-policy action is not the freeze",
            actions: [{ ...freezeAction("EXECUTION_SUCCESS"), ActionType: "APPLY_IAM_POLICY" }],
            plan: { kind: "no-action" },
        },
        { name: "frozen", actions: [freezeAction("EXECUTION_SUCCESS")], plan: { kind: "reverse", actionIds: ["action-execution_success"] } },
        { name: "an earlier unfreeze failed", actions: [freezeAction("REVERSE_FAILURE")], plan: { kind: "reverse", actionIds: ["action-reverse_failure"] } },
        { name: "under budget", actions: [freezeAction("STANDBY")], plan: { kind: "not-frozen", statuses: ["STANDBY"] } },
        { name: "already unfrozen", actions: [freezeAction("REVERSE_SUCCESS")], plan: { kind: "not-frozen", statuses: ["REVERSE_SUCCESS"] } },
        { name: "freezing right now", actions: [freezeAction("EXECUTION_IN_PROGRESS")], plan: { kind: "busy", statuses: ["EXECUTION_IN_PROGRESS"] } },
    ];
    for (const c of cases) {
        it(c.name, () => expect(planUnfreeze(c.actions, ADA.accountId)).to.deep.equal(c.plan));
    }

    it("finds a student by email whatever its case", () => {
        expect(findStudent(fixtureOutputs(), " ADA@Students.Example ")?.accountId).to.equal(ADA.accountId);
        expect(findStudent(fixtureOutputs(), "nobody@students.example")).to.equal(undefined);
    });
});

describe("unfreeze command", function () {
    const budgets = mockClient(BudgetsClient);
    const organizations = mockClient(OrganizationsClient);

    beforeEach(() => {
        budgets.reset();
        organizations.reset();
        organizations.on(DescribeOrganizationCommand).resolves({ Organization: { Id: "o-exampleorg1", MasterAccountId: MANAGEMENT } });
        budgets.on(ExecuteBudgetActionCommand).resolves({});
        organizations.on(ListPoliciesForTargetCommand).resolves({ Policies: [{ Id: "p-FullAWSAccess" }] });
    });
    after(() => {
        budgets.restore();
        organizations.restore();
    });

    async function unfreeze(email: string) {
        const { ctx, lines, warnings } = capturingContext(new FakeEngine({ outputs: fixtureOutputMap() }));
        const code = await runUnfreeze(ctx, email);
        return { code, lines, warnings, output: [...lines, ...warnings].join("\n") };
    }
    const reversals = () => budgets.commandCalls(ExecuteBudgetActionCommand).map((c) => c.args[0].input);

    it("reverses a frozen student's budget action", async () => {
        budgets.on(DescribeBudgetActionsForBudgetCommand, { AccountId: MANAGEMENT, BudgetName: ADA.budgetName })
            .resolves({ Actions: [freezeAction("EXECUTION_SUCCESS", ADA.accountId, "a-1")] });
        const { code, lines } = await unfreeze(ADA.email);
        expect(code).to.equal(0);
        expect(reversals()).to.deep.equal([{ AccountId: MANAGEMENT, BudgetName: ADA.budgetName, ActionId: "a-1", ExecutionType: "REVERSE_BUDGET_ACTION" }]);
        expect(lines[0]).to.contain("Unfroze Ada Lovelace").and.contain(ADA.accountId);
    });

    it("finds the action on a later page", async () => {
        budgets.on(DescribeBudgetActionsForBudgetCommand)
            .resolvesOnce({ Actions: [freezeAction("STANDBY", "000000000000")], NextToken: "page-2" })
            .resolvesOnce({ Actions: [freezeAction("EXECUTION_SUCCESS", ADA.accountId, "a-2")] });
        expect((await unfreeze(ADA.email)).code).to.equal(0);
        expect(reversals().map((r) => r.ActionId)).to.deep.equal(["a-2"]);
    });

    it("says so for an unknown student and calls no AWS API", async () => {
        const { code, warnings } = await unfreeze("nobody@students.example");
        expect(code).to.equal(1);
        expect(warnings[0]).to.contain("No deployed student has the email nobody@students.example");
        expect(budgets.calls()).to.have.length(0);
        expect(organizations.calls()).to.have.length(0);
    });

    it("says so for a student who is not frozen and changes nothing", async () => {
        budgets.on(DescribeBudgetActionsForBudgetCommand).resolves({ Actions: [freezeAction("STANDBY")] });
        const { code, lines } = await unfreeze(ADA.email);
        expect(code).to.equal(0);
        expect(lines[0]).to.contain("is not frozen").and.contain("STANDBY");
        expect(reversals()).to.deep.equal([]);
        expect(organizations.commandCalls(DetachPolicyCommand)).to.deep.equal([]);
    });

    it("detaches the freeze SCP that `freeze` attached while the budget was not reached", async () => {
        budgets.on(DescribeBudgetActionsForBudgetCommand).resolves({ Actions: [freezeAction("STANDBY")] });
        organizations.on(ListPoliciesForTargetCommand, { TargetId: ADA.accountId, Filter: "SERVICE_CONTROL_POLICY" })
            .resolvesOnce({ Policies: [{ Id: "p-FullAWSAccess" }], NextToken: "2" })
            .resolvesOnce({ Policies: [{ Id: "p-freeze01" }] });
        organizations.on(DetachPolicyCommand).resolves({});
        const { code, lines } = await unfreeze(ADA.email);
        expect(code).to.equal(0);
        expect(organizations.commandCalls(DetachPolicyCommand).map((c) => c.args[0].input)).to.deep.equal([{ PolicyId: "p-freeze01", TargetId: ADA.accountId }]);
        expect(lines[0]).to.contain("detached the freeze SCP that `freeze` attached");
        expect(reversals()).to.deep.equal([]);
    });

    it("says so when the stack has no freeze action for the student", async () => {
        budgets.on(DescribeBudgetActionsForBudgetCommand).resolves({ Actions: [] });
        const { code, warnings } = await unfreeze(ADA.email);
        expect(code).to.equal(1);
        expect(warnings[0]).to.contain("no budget freeze action").and.contain("budgetFreeze");
        expect(reversals()).to.deep.equal([]);
    });

    it("reports an AWS refusal instead of throwing", async () => {
        budgets.on(DescribeBudgetActionsForBudgetCommand).resolves({ Actions: [freezeAction("EXECUTION_SUCCESS")] });
        budgets.on(ExecuteBudgetActionCommand).rejects(new Error("User is not authorized to perform: budgets:ExecuteBudgetAction"));
        const { code, warnings } = await unfreeze(ADA.email);
        expect(code).to.equal(1);
        expect(warnings[0]).to.contain("Could not unfreeze Ada Lovelace").and.contain("budgets:ExecuteBudgetAction");
    });

    it("runs as `unfreeze <email>` on the command line", async () => {
        budgets.on(DescribeBudgetActionsForBudgetCommand).resolves({ Actions: [freezeAction("EXECUTION_SUCCESS", ADA.accountId, "a-3")] });
        const { ctx, lines } = capturingContext(new FakeEngine({ outputs: fixtureOutputMap() }));
        process.exitCode = undefined;
        await yargs(["unfreeze", ADA.email]).command(driverCommand("unfreeze", async () => ctx)).strict()
            .fail((message, error) => { throw error ?? new Error(message); }).parseAsync();
        expect(process.exitCode ?? 0).to.equal(0);
        expect(reversals().map((r) => r.ActionId)).to.deep.equal(["a-3"]);
        expect(lines[0]).to.contain("Unfroze");
    });
});
