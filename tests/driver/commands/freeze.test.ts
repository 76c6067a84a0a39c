import { type Action,BudgetsClient, DescribeBudgetActionsForBudgetCommand } from "@aws-sdk/client-budgets";
import {
    AttachPolicyCommand, DescribeOrganizationCommand, ListPoliciesForTargetCommand, OrganizationsClient,
} from "@aws-sdk/client-organizations";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";

import type { OutputMap } from "../../../driver/pulumi/engine";
import type { WorkshopOutputs } from "../../../infra/outputs";
import { fixtureOutputs } from "../../fixtures/outputs";
import { FakeEngine } from "../../support/fake-engine";
import { FakeStudentAws, oneOfEach } from "../../support/fake-student-aws";
import { runCli, type RunCliOptions } from "../../support/run-cli";

const MANAGEMENT = "999988887777";
const FREEZE_SCP = "p-freeze01";
const STUDENTS = fixtureOutputs().students;
const ADA = STUDENTS.ada;
const GRACE = STUDENTS.grace;
const MUTATING = ["StopInstances", "DeleteNatGateway", "UpdateAutoScalingGroup", "StopDBInstance", "StopDBCluster", "DeleteEndpoint", "StopNotebookInstance"];

function outputMap(overrides: Partial<WorkshopOutputs> = {}): OutputMap {
    const outputs = { ...fixtureOutputs(), ...overrides };
    return Object.fromEntries(Object.entries(outputs).map(([name, value]) => [name, { value, secret: false }]));
}

function freezeAction(accountId: string, status: string): Action {
    return {
        ActionId: `action-${accountId}`, BudgetName: "b", NotificationType: "ACTUAL", ActionType: "APPLY_SCP_POLICY",
        ActionThreshold: { ActionThresholdType: "PERCENTAGE", ActionThresholdValue: 100 },
        Definition: { ScpActionDefinition: { PolicyId: FREEZE_SCP, TargetIds: [accountId] } },
        ExecutionRoleArn: `arn:aws:iam::${MANAGEMENT}:role/aws101-budget-freeze`, ApprovalModel: "AUTOMATIC",
        Status: status as Action["Status"], Subscribers: [],
    };
}

describe("freeze command", function () {
    const budgets = mockClient(BudgetsClient);
    const organizations = mockClient(OrganizationsClient);
    let fake: FakeStudentAws;
    /** The number of student-account calls made when the SCP was attached. */
    let callsAtAttach: number[];

    beforeEach(() => {
        budgets.reset();
        organizations.reset();
        fake = new FakeStudentAws().install();
        callsAtAttach = [];
        organizations.on(DescribeOrganizationCommand).resolves({ Organization: { Id: "o-exampleorg1", MasterAccountId: MANAGEMENT } });
        organizations.on(ListPoliciesForTargetCommand).resolves({ Policies: [{ Id: "p-FullAWSAccess" }] });
        organizations.on(AttachPolicyCommand).callsFake(() => { callsAtAttach.push(fake.calls.length); return {}; });
        budgetStatus({ [ADA.accountId]: "STANDBY", [GRACE.accountId]: "STANDBY" });
    });
    afterEach(() => fake.restore());
    after(() => {
        budgets.restore();
        organizations.restore();
    });

    function budgetStatus(statuses: Record<string, string | undefined>) {
        for (const student of Object.values(STUDENTS)) {
            const status = statuses[student.accountId];
            budgets.on(DescribeBudgetActionsForBudgetCommand, { AccountId: MANAGEMENT, BudgetName: student.budgetName })
                .resolves({ Actions: status ? [freezeAction(student.accountId, status)] : [] });
        }
    }
    const freeze = (argv: string[], options: { outputs?: OutputMap; context?: RunCliOptions["context"] } = {}) =>
        runCli(["freeze", ...argv], { engine: new FakeEngine({ outputs: options.outputs ?? outputMap() }), context: options.context });
    const mutations = () => fake.calls.filter((c) => MUTATING.includes(c.command));
    const lineOf = (stdout: string, text: string) => stdout.split("\n").find((l) => l.includes(text)) ?? `(no line with ${text})`;

    it("--dry-run lists each running resource with its action, call and $/hour, and changes nothing", async () => {
        oneOfEach(fake, ADA.accountId, "us-east-1");
        const run = await freeze([ADA.email, "--dry-run"]);
        expect(run.exitCode, run.stderr).to.equal(0);
        const expected: [string, string, string, string][] = [
            ["scale to 0", "auto-scaling-group asg-1 (desired 1, min 1)", "$0.0000/h", "autoscaling:UpdateAutoScalingGroup"],
            ["stop", "ec2-instance i-1 (t3.micro, running)", "$0.0104/h", "ec2:StopInstances"],
            ["stop", "ec2-instance i-1-asg (t3.small, running, in auto-scaling-group asg-1)", "$0.0208/h", "ec2:StopInstances"],
            ["delete", "nat-gateway nat-1 (available)", "$0.0450/h", "ec2:DeleteNatGateway"],
            ["stop", "rds-cluster aurora-1 (aurora-mysql, available) with aurora-1-writer", "$0.0820/h", "rds:StopDBCluster"],
            ["stop", "rds-instance db-1 (db.t3.micro, mysql, available)", "$0.0170/h", "rds:StopDBInstance"],
            ["delete", "sagemaker-endpoint endpoint-1 (ml.m5.large x1, InService)", "$0.1150/h", "sagemaker:DeleteEndpoint"],
            ["stop", "sagemaker-notebook notebook-1 (ml.t3.medium, InService)", "$0.0500/h", "sagemaker:StopNotebookInstance"],
        ];
        const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
        for (const [verb, resource, price, call] of expected) {
            expect(lineOf(run.stdout, resource), resource).to.match(new RegExp(`us-east-1\\s+${verb}\\s+${escape(resource)}\\s+~${escape(price)}\\s+${call}$`));
        }
        expect(run.stdout).to.contain(`freeze SCP ${FREEZE_SCP}: attach now (budget action STANDBY`);
        expect(run.stdout).to.contain("still billing: us-east-1 ebs-volume vol-1 (gp3, 8 GiB, 3000 IOPS, in-use), about $0.0009/hour: holds data");
        expect(run.stdout).to.contain("still billing: us-east-1 elastic-ip eipalloc-1 (unassociated), about $0.0050/hour: releasing loses the address");
        expect(run.stdout).to.contain("still billing: us-east-1 load-balancer app/web-1/50dc6c495c0c9188 (application, active), about $0.0225/hour");
        expect(run.stdout).to.contain("stopping saves ~$0.3402/h");
        expect(run.stdout).to.contain("Not checked in any account: Classic Load Balancers, opensearch-domain, redshift-cluster");
        expect(run.stdout).to.contain("AWS starts a stopped RDS DB instance or Aurora cluster again after 7 days");
        expect(run.stdout).to.contain("Dry run: nothing was changed.");
        expect(mutations()).to.deep.equal([]);
        expect(organizations.commandCalls(AttachPolicyCommand)).to.deep.equal([]);
    });

    it("attaches the freeze SCP first, then stops everything, and reports per account", async () => {
        ["us-east-1", "eu-west-1"].forEach((region, i) => oneOfEach(fake, ADA.accountId, region, `${i}`));
        const run = await freeze([ADA.email, "--yes"], { outputs: outputMap({ allowedRegions: ["us-east-1", "eu-west-1"] }) });
        expect(run.exitCode, run.stderr).to.equal(0);
        expect(organizations.commandCalls(AttachPolicyCommand).map((c) => c.args[0].input)).to.deep.equal([{ PolicyId: FREEZE_SCP, TargetId: ADA.accountId }]);
        const before = fake.calls.slice(0, callsAtAttach[0]);
        expect(before.filter((c) => MUTATING.includes(c.command))).to.deep.equal([]);
        expect(mutations().map((c) => `${c.region} ${c.command}`)).to.include.members([
            "us-east-1 UpdateAutoScalingGroup", "eu-west-1 UpdateAutoScalingGroup", "eu-west-1 StopDBCluster", "us-east-1 DeleteEndpoint"]);
        expect(run.stdout).to.contain(`Ada Lovelace <${ADA.email}> (account ${ADA.accountId}): 14 done, 2 already at rest, 0 failed`);
        expect(run.stdout).to.contain(`freeze SCP ${FREEZE_SCP}: attached`);
        expect(run.stdout).to.match(/ok\s+eu-west-1 stop sagemaker-notebook notebook-1/);
        expect(run.stdout).to.match(/already\s+us-east-1 stop ec2-instance i-0-asg .*: shutting-down/);
    });

    it("asks first, and a no changes nothing", async () => {
        oneOfEach(fake, ADA.accountId, "us-east-1");
        const run = await freeze([ADA.email]);
        expect(run.exitCode).to.equal(1);
        expect(run.stderr).to.contain("Cancelled: nothing was stopped.");
        expect(mutations()).to.deep.equal([]);
        expect(organizations.commandCalls(AttachPolicyCommand)).to.deep.equal([]);
    });

    it("--all-frozen stops only the accounts whose budget action has run, without attaching again", async () => {
        oneOfEach(fake, ADA.accountId, "us-east-1");
        oneOfEach(fake, GRACE.accountId, "us-east-1");
        budgetStatus({ [ADA.accountId]: "EXECUTION_SUCCESS", [GRACE.accountId]: "STANDBY" });
        const run = await freeze(["--all-frozen", "--yes"]);
        expect(run.exitCode, run.stderr).to.equal(0);
        expect(run.stdout).to.contain("freeze SCP: already attached by the budget action");
        expect(new Set(fake.calls.map((c) => c.accountId))).to.deep.equal(new Set([ADA.accountId]));
        expect(mutations().length).to.be.greaterThan(0);
        expect(organizations.commandCalls(AttachPolicyCommand)).to.deep.equal([]);
    });

    it("--all-frozen with nobody frozen says so and enters no account", async () => {
        const run = await freeze(["--all-frozen"]);
        expect(run.exitCode).to.equal(0);
        expect(run.stdout).to.contain("No student's budget action has attached the freeze SCP");
        expect(fake.calls).to.deep.equal([]);
    });

    it("does not attach an SCP that is attached already, and stops without one when budgetFreeze is off", async () => {
        organizations.on(ListPoliciesForTargetCommand).resolves({ Policies: [{ Id: "p-FullAWSAccess" }, { Id: FREEZE_SCP }] });
        const attached = await freeze([ADA.email, "--yes"]);
        expect(attached.stdout).to.contain(`freeze SCP ${FREEZE_SCP}: already attached`);

        budgetStatus({});
        oneOfEach(fake, ADA.accountId, "us-east-1");
        const off = await freeze([ADA.email, "--yes"]);
        expect(off.exitCode, off.stderr).to.equal(0);
        expect(off.stdout).to.contain("freeze SCP: none (budgetFreeze is off for this stack)");
        expect(organizations.commandCalls(AttachPolicyCommand)).to.deep.equal([]);
        expect(mutations().length).to.be.greaterThan(0);
    });

    it("exits 1 when an account cannot be read, and says what was not checked", async () => {
        fake.refuseAssumeRole(ADA.accountId);
        const run = await freeze([ADA.email, "--dry-run"]);
        expect(run.exitCode).to.equal(1);
        expect(run.stdout).to.contain("not checked: sts: cannot assume OrganizationAccountAccessRole in 111111111111: AccessDenied");
        expect(run.stderr).to.contain("1 part(s) of the accounts could not be read");
    });

    it("refuses an unknown student, and a command line that does not say whose account", async () => {
        const unknown = await freeze(["nobody@students.example"]);
        expect(unknown.exitCode).to.equal(1);
        expect(unknown.stderr).to.contain("No deployed student has the email nobody@students.example");
        for (const argv of [[], [ADA.email, "--all-frozen"]]) {
            const usage = await freeze(argv);
            expect(usage.exitCode, argv.join(" ")).to.equal(1);
            expect(usage.stderr).to.contain("Say whose account to freeze");
        }
        expect(fake.calls).to.deep.equal([]);
    });
});
