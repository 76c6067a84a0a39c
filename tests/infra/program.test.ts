import { expect } from "chai";

import type { WorkshopSettings } from "../../infra/config";
import { GUARDRAIL_SCPS } from "../../infra/guardrails/policy-documents";
import { OUTPUT_NAMES, WorkshopOutputs } from "../../infra/outputs";
import { MAX_ACCOUNT_EMAIL_LENGTH } from "../../infra/roster/naming";
import type { Student } from "../../infra/roster/student";
import { declareWorkshop } from "../../infra/workshop";
import { testSettings, testStudents } from "../fixtures/workshop";
import { DeclaredResource, MOCK_ORGANIZATION, ofType, resolve, runUnderMocks } from "../support/pulumi-harness";

const T = {
    account: "aws:organizations/account:Account",
    ou: "aws:organizations/organizationalUnit:OrganizationalUnit",
    policy: "aws:organizations/policy:Policy",
    attachment: "aws:organizations/policyAttachment:PolicyAttachment",
    user: "aws:identitystore/user:User",
    group: "aws:identitystore/group:Group",
    membership: "aws:identitystore/groupMembership:GroupMembership",
    permissionSet: "aws:ssoadmin/permissionSet:PermissionSet",
    managedPolicy: "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment",
    assignment: "aws:ssoadmin/accountAssignment:AccountAssignment",
    budget: "aws:budgets/budget:Budget",
    budgetAction: "aws:budgets/budgetAction:BudgetAction",
    random: "random:index/randomString:RandomString",
    alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    topic: "aws:sns/topic:Topic",
    subscription: "aws:sns/topicSubscription:TopicSubscription",
    accessKey: "aws:iam/accessKey:AccessKey",
    vpc: "awsx:ec2:Vpc",
    student: "workshop-accounts:index:StudentAccount",
    gate: "pulumi-nodejs:dynamic/workshop-accounts:AccountGate",
    freezeSettle: "pulumi-nodejs:dynamic/workshop-accounts:BudgetActionSettle",
};

async function deploy(students: Student[], settings: WorkshopSettings = testSettings()) {
    const { resources, result } = await runUnderMocks(async () => {
        const declared = declareWorkshop(settings, students);
        return {
            ...declared,
            ouId: await resolve(declared.ouId),
            masterBudgetName: await resolve(declared.masterBudgetName),
            permissionSetName: await resolve(declared.permissionSetName),
            permissionSetArn: await resolve(declared.permissionSetArn),
            students: await resolve(declared.students),
            workshopModeUserName: declared.workshopModeUserName && await resolve(declared.workshopModeUserName),
            workshopModeAccessKeys: declared.workshopModeAccessKeys && await resolve(declared.workshopModeAccessKeys),
        };
    });
    return { resources, outputs: result };
}

function byName(resources: DeclaredResource[]): Map<string, DeclaredResource> {
    return new Map(resources.map((r) => [`${r.type}::${r.name}`, r]));
}

describe("infra program under Pulumi mocks", function () {
    const perStudent = [T.account, T.user, T.membership, T.assignment, T.budget, T.budgetAction, T.random, T.student, T.gate, T.freezeSettle];

    for (const count of [0, 1, 7]) {
        it(`declares one of each per-student resource for ${count} student(s)`, async () => {
            const { resources } = await deploy(testStudents(count));
            const owned = resources.filter((r) => r.name !== "master");
            for (const type of perStudent) expect(ofType(owned, type), type).to.have.length(count);
            // Shared resources exist once whatever the roster.
            expect(ofType(resources, T.ou)).to.have.length(1);
            expect(ofType(resources, T.group)).to.have.length(1);
            expect(ofType(resources, T.permissionSet)).to.have.length(1);
            expect(ofType(resources, T.managedPolicy)).to.have.length(1);
            expect(ofType(resources, T.policy)).to.have.length(Object.keys(GUARDRAIL_SCPS).length + 1);
            expect(ofType(resources, T.alarm)).to.have.length(1);
            // The master budget only exists when there are accounts to filter it to.
            expect(ofType(resources, T.budget).filter((b) => b.name === "master")).to.have.length(count > 0 ? 1 : 0);
        });
    }

    it("creates each account in the workshop OU with closeOnDeletion and a unique plus-addressed root email", async () => {
        const { resources } = await deploy(testStudents(12));
        const ou = ofType(resources, T.ou)[0];
        expect(ou.inputs.parentId).to.equal(MOCK_ORGANIZATION.roots[0].id);
        const accounts = ofType(resources, T.account);
        const emails = accounts.map((a) => a.inputs.email as string);
        expect(new Set(emails).size).to.equal(12);
        for (const account of accounts) {
            expect(account.inputs.parentId).to.equal(ou.id);
            expect(account.inputs.closeOnDeletion).to.equal(true);
            // The freeze role may only act on accounts tagged with this workshop.
            expect(account.inputs.tags).to.include({ workshop: "k8s-nov" });
            expect(account.inputs.email).to.match(/^aws\+k8s-nov-[a-z0-9-]+-[a-z0-9]{5}@school\.example$/);
            expect(account.inputs.email.length).to.be.at.most(MAX_ACCOUNT_EMAIL_LENGTH);
        }
    });

    it("uses the configured parent OU instead of the root", async () => {
        const { resources } = await deploy(testStudents(1), testSettings({ parentOuId: "ou-ab12-courses1" }));
        expect(ofType(resources, T.ou)[0].inputs.parentId).to.equal("ou-ab12-courses1");
    });

    it("filters every budget to its own student's account and alerts instructor and student", async () => {
        const { resources, outputs } = await deploy(testStudents(5));
        const accountIdByName = new Map(ofType(resources, T.account).map((a) => [a.name, a.id]));
        const budgets = ofType(resources, T.budget).filter((b) => b.name !== "master");
        expect(budgets).to.have.length(5);
        for (const budget of budgets) {
            expect(budget.inputs.costFilters).to.deep.equal([{ name: "LinkedAccount", values: [accountIdByName.get(budget.name)] }]);
            expect(budget.inputs.limitAmount).to.equal("25.00");
            const student = Object.values(outputs.students).find((s) => s.budgetName === budget.inputs.name)!;
            const actual = budget.inputs.notifications.filter((n: any) => n.notificationType === "ACTUAL");
            expect(actual.map((n: any) => n.threshold)).to.deep.equal([50, 80, 100]);
            expect(budget.inputs.notifications.filter((n: any) => n.notificationType === "FORECASTED").map((n: any) => n.threshold)).to.deep.equal([100]);
            for (const n of budget.inputs.notifications) {
                expect(n.subscriberEmailAddresses).to.have.members(["teacher@school.example", student.email]);
            }
        }
        const master = ofType(resources, T.budget).find((b) => b.name === "master")!;
        expect(master.inputs.costFilters[0].values).to.have.members([...accountIdByName.values()]);
        expect(master.inputs.notifications.map((n: any) => `${n.notificationType} ${n.threshold}`))
            .to.deep.equal(["ACTUAL 50", "ACTUAL 80", "ACTUAL 100", "FORECASTED 100"]);
    });

    it("honours a per-student budget override", async () => {
        const [first, second] = testStudents(2);
        const { outputs, resources } = await deploy([{ ...first, budgetUsd: 60 }, second]);
        expect(outputs.students[first.key].budgetLimitUsd).to.equal(60);
        expect(outputs.students[second.key].budgetLimitUsd).to.equal(25);
        expect(byName(resources).get(`${T.budget}::${first.key}`)!.inputs.limitAmount).to.equal("60.00");
    });

    it("attaches every guardrail SCP to the OU every account lives in", async () => {
        const { resources } = await deploy(testStudents(3));
        const ou = ofType(resources, T.ou)[0];
        const policies = ofType(resources, T.policy);
        const attachments = ofType(resources, T.attachment);
        const guardrailIds = policies.filter((p) => Object.values(GUARDRAIL_SCPS).includes(p.name as never)).map((p) => p.id);
        expect(guardrailIds).to.have.length(4);
        expect(attachments.map((a) => a.inputs.policyId)).to.have.members(guardrailIds);
        for (const attachment of attachments) expect(attachment.inputs.targetId).to.equal(ou.id);
        for (const account of ofType(resources, T.account)) expect(account.inputs.parentId).to.equal(ou.id);
        for (const policy of policies) {
            expect(policy.inputs.type).to.equal("SERVICE_CONTROL_POLICY");
            expect(() => JSON.parse(policy.inputs.content)).not.to.throw();
            expect(policy.inputs.content).not.to.contain("${");
        }
    });

    it("assigns each user to their own account only, with the workshop permission set", async () => {
        const { resources } = await deploy(testStudents(4));
        const named = byName(resources);
        const permissionSet = ofType(resources, T.permissionSet)[0];
        for (const assignment of ofType(resources, T.assignment)) {
            const account = named.get(`${T.account}::${assignment.name}`)!;
            const user = named.get(`${T.user}::${assignment.name}`)!;
            expect(assignment.inputs.targetId).to.equal(account.id);
            expect(assignment.inputs.targetType).to.equal("AWS_ACCOUNT");
            expect(assignment.inputs.principalType).to.equal("USER");
            expect(assignment.inputs.principalId).to.equal(user.state.userId);
            expect(assignment.inputs.permissionSetArn).to.equal(permissionSet.state.arn);
        }
        for (const membership of ofType(resources, T.membership)) {
            expect(membership.inputs.memberId).to.equal(named.get(`${T.user}::${membership.name}`)!.state.userId);
        }
    });

    it("creates Identity Center users named by their real email", async () => {
        const [student] = testStudents(1);
        const { resources } = await deploy([{ ...student, name: "Ada Lovelace", givenName: "Ada", familyName: "Lovelace" }]);
        const user = ofType(resources, T.user)[0];
        expect(user.inputs.userName).to.equal(student.email);
        expect(user.inputs.emails).to.deep.equal({ value: student.email, primary: true, type: "work" });
        expect(user.inputs.name).to.deep.equal({ givenName: "Ada", familyName: "Lovelace" });
        expect(user.inputs.displayName).to.equal("Ada Lovelace");
    });

    it("wires each budget action to the freeze SCP, the student's account and the Budgets role", async () => {
        const { resources } = await deploy(testStudents(2));
        const freeze = ofType(resources, T.policy).find((p) => p.name === "scp-freeze")!;
        const named = byName(resources);
        for (const action of ofType(resources, T.budgetAction)) {
            const account = named.get(`${T.account}::${action.name}`)!;
            expect(action.inputs.actionType).to.equal("APPLY_SCP_POLICY");
            expect(action.inputs.approvalModel).to.equal("AUTOMATIC");
            expect(action.inputs.actionThreshold).to.deep.equal({ actionThresholdType: "PERCENTAGE", actionThresholdValue: 100 });
            expect(action.inputs.definition.scpActionDefinition).to.deep.equal({ policyId: freeze.id, targetIds: [account.id] });
            expect(action.inputs.executionRoleArn).to.match(/:role\/k8s-nov-budget-freeze$/);
        }
        expect(ofType(resources, T.attachment).map((a) => a.inputs.policyId)).not.to.include(freeze.id);
    });

    it("declares no freeze when budgetFreeze is false", async () => {
        const { resources } = await deploy(testStudents(2), testSettings({ budgetFreeze: "false" }));
        expect(ofType(resources, T.budgetAction)).to.have.length(0);
        expect(ofType(resources, T.policy).map((p) => p.name)).not.to.include("scp-freeze");
    });

    it("exports outputs shaped as infra/outputs.ts documents them", async () => {
        const students = testStudents(3);
        const { outputs, resources } = await deploy(students);
        const typed: WorkshopOutputs = outputs as WorkshopOutputs;
        expect(typed.workshopName).to.equal("k8s-nov");
        expect(typed.accessPortalUrl).to.equal("https://d-0123456789.awsapps.com/start");
        expect(typed.ouId).to.equal(ofType(resources, T.ou)[0].id);
        expect(typed.masterBudgetName).to.equal("k8s-nov-master");
        expect(typed.permissionSetName).to.equal("k8s-nov-student");
        expect(typed.permissionSetArn).to.equal(ofType(resources, "aws:ssoadmin/permissionSet:PermissionSet")[0].state.arn);
        expect(typed.budgetAlertThresholds).to.deep.equal([50, 80, 100]);
        expect(typed.budgetFreeze).to.equal(true);
        expect(Object.keys(typed.students)).to.have.members(students.map((s) => s.key));
        const named = byName(resources);
        for (const student of students) {
            const out = typed.students[student.key];
            expect(out).to.have.all.keys("email", "name", "accountId", "accountName", "accountEmail", "userName",
                "identityStoreUserId", "budgetName", "budgetLimitUsd");
            expect(out.accountId).to.match(/^\d{12}$/).and.equal(named.get(`${T.account}::${student.key}`)!.id);
            expect(out.accountEmail).to.equal(named.get(`${T.account}::${student.key}`)!.inputs.email);
            expect(out.userName).to.equal(student.email);
            expect(out.identityStoreUserId).to.equal(named.get(`${T.user}::${student.key}`)!.state.userId);
        }
        for (const name of Object.keys(outputs).filter((k) => (outputs as any)[k] !== undefined && k !== "workshopModeAccessKeys")) {
            expect(OUTPUT_NAMES as readonly string[]).to.include(name);
        }
    });

    it("names resources by student, so reordering the roster renames nothing", async () => {
        const students = testStudents(6);
        const names = (rs: DeclaredResource[]) => rs.map((r) => `${r.type}::${r.name}`).sort();
        const forward = await deploy(students);
        const reversed = await deploy([...students].reverse());
        expect(names(reversed.resources)).to.deep.equal(names(forward.resources));
        expect(reversed.outputs.students).to.deep.equal(forward.outputs.students);
    });

    it("adding or removing a student changes exactly that student's resources", async () => {
        const students = testStudents(5);
        const names = (rs: DeclaredResource[]) => new Set(rs.filter((r) => r.name !== "master").map((r) => `${r.type}::${r.name}`));
        const before = names((await deploy(students)).resources);
        const removed = students[2];
        const after = names((await deploy(students.filter((s) => s !== removed))).resources);
        const gone = [...before].filter((n) => !after.has(n));
        expect([...after].filter((n) => !before.has(n))).to.deep.equal([]);
        expect(gone.length).to.equal(perStudent.length);
        for (const name of gone) expect(name).to.contain(removed.key);

        const added = testStudents(6)[5];
        const grown = names((await deploy([...students, added])).resources);
        const appeared = [...grown].filter((n) => !before.has(n));
        expect(appeared.length).to.equal(perStudent.length);
        for (const name of appeared) expect(name).to.contain(added.key);
        expect([...before].filter((n) => !grown.has(n))).to.deep.equal([]);
    });

    it("workshop mode adds a Bedrock-only user with one secret key per generation", async () => {
        const settings = testSettings({ workshopMode: "true", workshopModeKeyGenerations: '["2026-11-22","2026-11-23"]' });
        const { resources, outputs } = await deploy(testStudents(1), settings);
        expect(ofType(resources, T.accessKey).map((k) => k.name)).to.have.members(["workshop-mode-2026-11-22", "workshop-mode-2026-11-23"]);
        expect(outputs.workshopModeUserName).to.equal("k8s-nov-workshop-mode");
        expect((outputs.workshopModeAccessKeys as any[]).map((k) => k.generation)).to.deep.equal(["2026-11-22", "2026-11-23"]);
        const policy = JSON.parse(ofType(resources, "aws:iam/userPolicy:UserPolicy")[0].inputs.policy);
        expect(policy.Statement[0].Action).to.deep.equal(["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]);
        // Newer models are invoked only through inference profiles, which live in the management account.
        expect(policy.Statement[0].Resource).to.deep.equal([
            "arn:aws:bedrock:*::foundation-model/*",
            `arn:aws:bedrock:*:${MOCK_ORGANIZATION.masterAccountId}:inference-profile/*`,
            `arn:aws:bedrock:*:${MOCK_ORGANIZATION.masterAccountId}:application-inference-profile/*`,
        ]);
    });

    it("gives every account a create timeout past the provider's 10 minutes, and no delete: the provider never closes it", async () => {
        const { resources } = await deploy(testStudents(2));
        for (const account of ofType(resources, T.account)) {
            expect(account.options.customTimeouts).to.deep.equal({ create: "30m" });
            expect(account.options.retainOnDelete).to.equal(true);
        }
    });

    it("tags accounts with the student key, never the email", async () => {
        const [student] = testStudents(1);
        const { resources } = await deploy([{ ...student, email: "o'brien@uni.example", key: "o-brien-at-uni-example" }]);
        expect(ofType(resources, T.account)[0].inputs.tags).to.deep.equal({ workshop: "k8s-nov", student: "o-brien-at-uni-example" });
    });

    it("tags every OU, SCP (the freeze SCP too), account and permission set it creates with the workshop: the instructor policy changes nothing else", async () => {
        const { resources } = await deploy(testStudents(2));
        const tagged = [T.ou, T.policy, T.account, T.permissionSet].flatMap((type) => ofType(resources, type));
        expect(tagged.map((r) => r.name)).to.include.members(["workshop", "scp-freeze", ...Object.values(GUARDRAIL_SCPS), "student"]);
        for (const resource of tagged) expect(resource.inputs.tags, `${resource.type} ${resource.name}`).to.include({ workshop: "k8s-nov" });
    });

    it("budgets count gross usage (credits and refunds excluded) unless budgetsIncludeCredits is set", async () => {
        const gross = await deploy(testStudents(2));
        for (const budget of ofType(gross.resources, T.budget)) expect(budget.inputs.costTypes).to.deep.equal({ includeCredit: false, includeRefund: false });
        const net = await deploy(testStudents(2), testSettings({ budgetsIncludeCredits: "true" }));
        for (const budget of ofType(net.resources, T.budget)) expect(budget.inputs.costTypes).to.deep.equal({ includeCredit: true, includeRefund: true });
        expect(ofType(net.resources, T.budget).map((b) => b.name)).to.include("master");
    });

    it("gates each account: created before it, deleted after it and after the workshop OU is free of it, the freeze released first", async () => {
        const { resources } = await deploy(testStudents(2));
        const freeze = ofType(resources, T.policy).find((p) => p.name === "scp-freeze")!;
        const ou = ofType(resources, T.ou)[0];
        for (const account of ofType(resources, T.account)) {
            const gate = ofType(resources, T.gate).find((p) => p.name === `${account.name}-gate`)!;
            expect(gate.inputs).to.include({ accountEmail: account.inputs.email, accountName: account.inputs.name, parkingOuId: "ou-ab12-suspend1" });
            expect(gate.inputs.releasePolicyIds).to.deep.equal([freeze.id]);
            // The account depends on its gate and is only forgotten when deleted, so Pulumi deletes the gate
            // (which parks and closes the account) after the account and everything that used it.
            expect(account.options.dependencies).to.include(gate.urn);
            expect(account.options.retainOnDelete).to.equal(true);
            // The gate depends on the workshop OU, so the OU is deleted only once the account has been moved out of it.
            expect(gate.options.dependencies).to.include(ou.urn);
        }
        const release = resources.find((r) => r.name === "scp-freeze-release")!;
        expect(release.inputs.policyId).to.equal(freeze.id);
        expect(release.options.dependencies).to.include(freeze.urn);
    });

    it("refuses to declare accounts when there is no Suspended OU to park them in", async () => {
        const error = await runUnderMocks(() => { declareWorkshop(testSettings(), testStudents(1)); }, {
            call: (args) => (args.token.endsWith("getOrganizationalUnits") ? { parentId: args.inputs.parentId, children: [] } : undefined),
        }).then(() => undefined, (e: Error) => e);
        expect(error?.message).to.match(/no OU named "Suspended".*suspendedOuId/s);
    });

    it("lab network adds a NAT-free VPC per student through the account's access role", async () => {
        const { resources } = await deploy(testStudents(2), testSettings({ labNetwork: "true" }));
        const vpcs = ofType(resources, T.vpc);
        expect(vpcs).to.have.length(2);
        for (const vpc of vpcs) expect(vpc.inputs.natGateways).to.deep.equal({ strategy: "None" });
        const providers = ofType(resources, "pulumi:providers:aws").filter((p) => p.name.endsWith("-lab"));
        expect(providers).to.have.length(2);
        for (const provider of providers) {
            expect(JSON.stringify(provider.inputs)).to.match(/arn:aws:iam::\d{12}:role\/OrganizationAccountAccessRole/);
            // The provider is configured only once the role can be assumed (RoleReady).
            const ready = resources.find((r) => r.name === `${provider.name}-role-ready`)!;
            expect(provider.options.dependencies).to.include(ready.urn);
        }
        // Zones are named, so the preview never looks them up through a provider whose role is unknown (pulumi-awsx#961).
        for (const vpc of vpcs) expect(vpc.inputs.availabilityZoneNames).to.deep.equal(["us-east-1a", "us-east-1b"]);
        const named = await deploy(testStudents(1), testSettings({ labNetwork: "true", labNetworkAzs: '["us-east-1c","us-east-1d"]' }));
        expect(ofType(named.resources, T.vpc)[0].inputs.availabilityZoneNames).to.deep.equal(["us-east-1c", "us-east-1d"]);
    });

    it("puts the billing alarm in us-east-1 on the instructor's topic", async () => {
        const { resources } = await deploy(testStudents(1), testSettings({ masterBudgetUsd: "400" }));
        const alarm = ofType(resources, T.alarm)[0];
        expect(alarm.inputs.metricName).to.equal("EstimatedCharges");
        expect(alarm.inputs.namespace).to.equal("AWS/Billing");
        expect(alarm.inputs.threshold).to.equal(400);
        expect(alarm.inputs.alarmActions).to.deep.equal(["arn:aws:sns:us-east-1:111111111111:k8s-nov-billing-alarm"]);
        expect(ofType(resources, T.subscription)[0].inputs).to.include({ protocol: "email", endpoint: "teacher@school.example" });
        const provider = ofType(resources, "pulumi:providers:aws").find((p) => p.name === "us-east-1")!;
        expect(provider.inputs.region).to.equal("us-east-1");
    });

    it("gives explicit providers every aws:* stack setting, which they would not read on their own", async () => {
        const stackRole = { roleArn: "arn:aws:iam::111111111111:role/instructor", sessionName: "teacher" };
        const { resources } = await runUnderMocks(() => {
            declareWorkshop(testSettings({ labNetwork: "true" }), testStudents(1));
        }, {
            config: {
                "aws:profile": "workshop-admin",
                "aws:assumeRoles": JSON.stringify([stackRole]),
                "aws:sharedCredentialsFiles": JSON.stringify(["/home/teacher/.aws/credentials"]),
                "aws:defaultTags": JSON.stringify({ tags: { course: "k8s" } }),
                "aws:allowedAccountIds": JSON.stringify(["111111111111"]),
            },
        });
        const providers = ofType(resources, "pulumi:providers:aws");
        const lab = `${testStudents(1)[0].key}-lab`;
        expect(providers.map((p) => p.name).sort()).to.deep.equal([lab, "us-east-1"]);
        for (const provider of providers) {
            expect(provider.inputs.profile).to.equal("workshop-admin");
            expect(JSON.parse(provider.inputs.sharedCredentialsFiles)).to.deep.equal(["/home/teacher/.aws/credentials"]);
            expect(JSON.parse(provider.inputs.defaultTags)).to.deep.equal({ tags: { course: "k8s" } });
        }
        const usEast1 = providers.find((p) => p.name === "us-east-1")!;
        expect(JSON.parse(usEast1.inputs.assumeRoles)).to.deep.equal([stackRole]);
        expect(JSON.parse(usEast1.inputs.allowedAccountIds)).to.deep.equal(["111111111111"]);
        // Into the student account: the stack's role first, then the account's; the management-account pin stays behind.
        const labProvider = providers.find((p) => p.name === lab)!;
        const chain = JSON.parse(labProvider.inputs.assumeRoles);
        expect(chain[0]).to.deep.equal(stackRole);
        expect(chain[1].roleArn).to.match(/^arn:aws:iam::\d{12}:role\/OrganizationAccountAccessRole$/);
        expect(labProvider.inputs.allowedAccountIds).to.equal(undefined);
        // Dynamic providers get the same identity.
        const gate = resources.find((r) => r.name.endsWith("-gate"))!;
        expect(gate.inputs.connection).to.deep.equal({
            profile: "workshop-admin", sharedCredentialsFile: "/home/teacher/.aws/credentials", assumeRoles: [stackRole],
        });
    });
});
