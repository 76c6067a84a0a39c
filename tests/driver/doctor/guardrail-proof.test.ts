import {
    CreateCapacityReservationCommand, CreateVolumeCommand, DescribeImagesCommand, EC2Client, RequestSpotInstancesCommand, RunInstancesCommand,
} from "@aws-sdk/client-ec2";
import {
    AttachRolePolicyCommand, CreateRoleCommand, DeleteRoleCommand, DetachRolePolicyCommand, IAMClient, ListAttachedRolePoliciesCommand,
    ListRolePoliciesCommand, ListRolesCommand, ListRoleTagsCommand,
} from "@aws-sdk/client-iam";
import { ListPoliciesForTargetCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { AssumeRoleCommand, DecodeAuthorizationMessageCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { proveGuardrails } from "../../../driver/doctor/guardrail-proof";
import { ASSUME_ATTEMPTS, ASSUME_DELAY_MS, PROBE_ROLE_PATH } from "../../../driver/doctor/probe-role";
import { workshopDataDir } from "../../../driver/paths";
import { manualClock } from "../../../driver/time/clock";
import { guardrailProofPath, readGuardrailProof } from "../../../driver/workshop-model/guardrail-proof-record";
import { fixtureOutputMap } from "../../fixtures/outputs";
import { capturingContext, FakeEngine } from "../../support/fake-engine";
import { awsError } from "../../support/fake-student-aws";
import { runCli } from "../../support/run-cli";

/**
 * `doctor --guardrails` on aws-sdk-client-mock. EC2 answers DryRun requests in its real shapes:
 * DryRunOperation (HTTP 412) when the request would have run, UnauthorizedOperation (HTTP 403)
 * with "Encoded authorization failure message: ..." when denied
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html). STS decodes the
 * message into the JSON sts:DecodeAuthorizationMessage documents. Every fake reads the caller's
 * credentials from the calling client, so a request sent as the wrong principal is caught.
 */

const ACCOUNT = "111111111111";
const ADA = "ada@students.example";
const ACCESS_ROLE = `arn:aws:iam::${ACCOUNT}:role/OrganizationAccountAccessRole`;
const POLICY = "arn:aws:iam::aws:policy/PowerUserAccess";
const CONFIG = {
    workshopName: "aws101", instructorEmail: "teacher@school.example", rootEmailBase: "aws@school.example",
    identityCenterInstanceArn: "arn:aws:sso:::instance/ssoins-0123456789abcdef", identityStoreId: "d-0123456789",
    allowedRegions: "[\"us-east-1\"]", maxVolumeSizeGiB: "50", maxVolumeIops: "3000",
};

const ec2 = mockClient(EC2Client);
const iam = mockClient(IAMClient);
const sts = mockClient(STSClient);
const organizations = mockClient(OrganizationsClient);

type Caller = "management" | "access role" | "probe role";
interface CallingClient { config: { region(): Promise<string>; credentials(): Promise<{ accessKeyId: string }> } }

/** Who sent the call, from the keys the calling client signs with (which runs the credential provider, AssumeRole included). */
async function callerOf(getClient: () => unknown): Promise<{ caller: Caller; region: string }> {
    const client = getClient() as CallingClient;
    const region = await client.config.region();
    const { accessKeyId } = await client.config.credentials();
    const caller = accessKeyId === "ASIAACCESS" ? "access role" : accessKeyId === "ASIAPROBE" ? "probe role" : "management";
    return { caller, region };
}

/** What the fake EC2 decides for a request: allowed, or denied by this statement. */
type Decision = "allowed" | { deniedBy: string };
let decide: (api: string, input: Record<string, unknown>, region: string) => Decision;
let events: string[];
let roles: Map<string, { path: string; tags: { Key?: string; Value?: string }[]; trust: string; policies: string[] }>;

const encode = (decision: { deniedBy: string }, action: string) => Buffer.from(JSON.stringify({
    allowed: false, explicitDeny: true,
    matchedStatements: { items: [{ statementId: decision.deniedBy, effect: "DENY", principals: { items: [{ value: "*" }] }, actions: { items: [{ value: action }] } }] },
    failures: { items: [] },
    context: { principal: { arn: `arn:aws:sts::${ACCOUNT}:assumed-role/probe/guardrail-probe` }, action, resource: "arn:aws:ec2:us-east-1:111111111111:instance/*" },
})).toString("base64");

/** The SCPs of a healthy workshop, by what each request asks for. */
function workshopScps(api: string, input: Record<string, unknown>, region: string): Decision {
    if (region !== "us-east-1") return { deniedBy: "DenyOutsideAllowedRegions" };
    if (api === "RequestSpotInstances" || api === "CreateCapacityReservation") return { deniedBy: "DenyUncheckedCapacity" };
    if (api === "CreateVolume") return (input.Iops as number) > 3000 ? { deniedBy: "DenyVolumeIopsAboveLimit" } : { deniedBy: "DenyLargeVolumes" };
    if ((input.Placement as { Tenancy?: string })?.Tenancy === "dedicated") return { deniedBy: "DenyDedicatedTenancy" };
    return input.InstanceType === "t3.micro" ? "allowed" : { deniedBy: "DenyInstanceTypesOutsideAllowList" };
}

function installAws(): void {
    for (const m of [ec2, iam, sts, organizations]) m.reset();
    events = [];
    roles = new Map();
    decide = workshopScps;
    sts.on(AssumeRoleCommand).callsFake(async ({ RoleArn }: { RoleArn: string }, getClient) => {
        const { caller } = await callerOf(getClient);
        events.push(`AssumeRole ${RoleArn.split("/").pop()} as ${caller}`);
        if (RoleArn === ACCESS_ROLE) return { Credentials: { AccessKeyId: "ASIAACCESS", SecretAccessKey: "s", SessionToken: "t", Expiration: new Date(Date.now() + 3_600_000) } };
        const name = RoleArn.split("/").pop()!;
        const role = roles.get(name);
        // The trust policy names the access role alone.
        if (!role || caller !== "access role" || !role.trust.includes(ACCESS_ROLE)) throw awsError("AccessDenied", `User is not authorized to perform: sts:AssumeRole on resource: ${RoleArn}`, 403);
        return { Credentials: { AccessKeyId: "ASIAPROBE", SecretAccessKey: "s", SessionToken: "t", Expiration: new Date(Date.now() + 900_000) } };
    });
    sts.on(DecodeAuthorizationMessageCommand).callsFake(async ({ EncodedMessage }: { EncodedMessage: string }, getClient) => {
        const { caller } = await callerOf(getClient);
        events.push(`DecodeAuthorizationMessage as ${caller}`);
        return { DecodedMessage: Buffer.from(EncodedMessage, "base64").toString() };
    });
    organizations.on(ListPoliciesForTargetCommand).resolves({ Policies: [{ Id: "p-FullAWSAccess", Name: "FullAWSAccess" }] });
    iam.on(ListRolesCommand).callsFake(async ({ PathPrefix }: { PathPrefix: string }, getClient) => {
        // Signed like every request: the access role is assumed here, on the first call into the account.
        await callerOf(getClient);
        return { Roles: [...roles.entries()].filter(([, r]) => r.path.startsWith(PathPrefix)).map(([RoleName, r]) => ({ RoleName, Path: r.path, Arn: `arn:aws:iam::${ACCOUNT}:role${r.path}${RoleName}` })) };
    });
    iam.on(ListRoleTagsCommand).callsFake(({ RoleName }: { RoleName: string }) => ({ Tags: roles.get(RoleName)?.tags ?? [] }));
    iam.on(CreateRoleCommand).callsFake(async (input: { RoleName: string; Path: string; Tags: []; AssumeRolePolicyDocument: string }, getClient) => {
        const { caller } = await callerOf(getClient);
        events.push(`CreateRole ${input.RoleName} as ${caller}`);
        roles.set(input.RoleName, { path: input.Path, tags: input.Tags, trust: input.AssumeRolePolicyDocument, policies: [] });
        return { Role: { RoleName: input.RoleName, Arn: `arn:aws:iam::${ACCOUNT}:role${input.Path}${input.RoleName}` } };
    });
    iam.on(AttachRolePolicyCommand).callsFake(({ RoleName, PolicyArn }: { RoleName: string; PolicyArn: string }) => {
        roles.get(RoleName)!.policies.push(PolicyArn);
        return {};
    });
    iam.on(ListAttachedRolePoliciesCommand).callsFake(({ RoleName }: { RoleName: string }) => ({ AttachedPolicies: (roles.get(RoleName)?.policies ?? []).map((PolicyArn) => ({ PolicyArn })) }));
    iam.on(ListRolePoliciesCommand).resolves({ PolicyNames: [] });
    iam.on(DetachRolePolicyCommand).callsFake(({ RoleName, PolicyArn }: { RoleName: string; PolicyArn: string }) => {
        const role = roles.get(RoleName)!;
        role.policies = role.policies.filter((p) => p !== PolicyArn);
        return {};
    });
    iam.on(DeleteRoleCommand).callsFake(({ RoleName }: { RoleName: string }) => {
        // IAM refuses to delete a role with policies attached (DeleteConflict).
        if (roles.get(RoleName)?.policies.length) throw awsError("DeleteConflictException", "Cannot delete entity, must detach all policies first.", 409);
        events.push(`DeleteRole ${RoleName}`);
        roles.delete(RoleName);
        return {};
    });
    ec2.on(DescribeImagesCommand).callsFake(async (_input, getClient) => {
        const { caller, region } = await callerOf(getClient);
        expect(caller, "images are looked up by the access role, which the region SCP exempts").to.equal("access role");
        return { Images: [{ ImageId: `ami-${region}-old`, CreationDate: "2026-01-01T00:00:00.000Z" }, { ImageId: `ami-${region}-new`, CreationDate: "2026-11-01T00:00:00.000Z" }] };
    });
    for (const [Command, api] of [[RunInstancesCommand, "RunInstances"], [RequestSpotInstancesCommand, "RequestSpotInstances"], [CreateVolumeCommand, "CreateVolume"],
        [CreateCapacityReservationCommand, "CreateCapacityReservation"]] as const) {
        ec2.on(Command as never).callsFake(async (input: Record<string, unknown>, getClient: () => unknown) => {
            const { caller, region } = await callerOf(getClient);
            events.push(`${api} ${region} as ${caller}`);
            expect(input.DryRun, `${api} without DryRun`).to.equal(true);
            if (caller !== "probe role") throw new Error(`${api} sent as the ${caller}, which the region and freeze SCPs exempt: it proves nothing`);
            if (api === "RunInstances") expect(input.ImageId).to.equal(`ami-${region}-new`);
            const decision = decide(api, (api === "RequestSpotInstances" ? input.LaunchSpecification : input) as Record<string, unknown>, region);
            if (decision === "allowed") throw awsError("DryRunOperation", "Request would have succeeded, but DryRun flag is set.", 412);
            throw awsError("UnauthorizedOperation", `You are not authorized to perform this operation. User: arn:aws:sts::${ACCOUNT}:assumed-role/probe/guardrail-probe ` +
                `is not authorized to perform: ec2:${api} with an explicit deny in a service control policy. Encoded authorization failure message: ${encode(decision, `ec2:${api}`)}`, 403);
        });
    }
}

function project(): { projectDir: string; engine: FakeEngine } {
    return { projectDir: fs.mkdtempSync(path.join(os.tmpdir(), "guardrails-")), engine: new FakeEngine({ outputs: fixtureOutputMap(), config: { ...CONFIG } }) };
}

async function doctorGuardrails(email = ADA) {
    const { projectDir, engine } = project();
    const run = await runCli(["doctor", "--guardrails", email], { engine, context: { projectDir, now: () => new Date("2026-12-01T09:00:00Z") } });
    return { ...run, output: run.lines.join("\n"), record: readGuardrailProof(guardrailProofPath(workshopDataDir(projectDir, "dev"))) };
}

const row = (output: string, request: string) => output.split("\n").find((l) => l.includes(request) && /proven|FAIL|unknown/.test(l)) ?? `no row for ${request}:\n${output}`;

describe("doctor --guardrails (EC2 DryRun through a probe role, aws-sdk-client-mock)", function () {
    after(() => [ec2, iam, sts, organizations].forEach((m) => m.restore()));
    beforeEach(installAws);

    it("proves every guardrail, as a probe role with the permission set's policy, names the denying statements, deletes the role and records the date", async () => {
        const run = await doctorGuardrails();
        expect(run.exitCode, run.output).to.equal(0);
        expect(row(run.output, "RunInstances t3.micro ")).to.match(/us-east-1\s+allowed\s+DryRunOperation \(allowed\)\s+proven/);
        expect(row(run.output, "RunInstances p5.48xlarge")).to.match(/denied\s+UnauthorizedOperation \(denied, by DenyInstanceTypesOutsideAllowList\)\s+proven/);
        expect(row(run.output, "RequestSpotInstances p5.48xlarge")).to.contain("by DenyUncheckedCapacity");
        expect(row(run.output, "CreateVolume gp3 2048 GiB")).to.contain("by DenyLargeVolumes");
        expect(row(run.output, "CreateVolume io2 50,000 IOPS")).to.contain("by DenyVolumeIopsAboveLimit");
        expect(row(run.output, "CreateCapacityReservation")).to.contain("by DenyUncheckedCapacity");
        expect(row(run.output, "dedicated tenancy")).to.contain("by DenyDedicatedTenancy");
        expect(row(run.output, "outside the allowed regions")).to.match(/us-west-2\s+denied\s+UnauthorizedOperation \(denied, by DenyOutsideAllowedRegions\)\s+proven/);
        expect(run.output).to.contain("ec2:AllocateHosts (dedicated hosts): no DryRun parameter").and.contain("proven in simulation only")
            .and.contain("8 proven, 0 FAIL, 0 could not be sent. Cost: $0.");

        const created = events.find((e) => e.startsWith("CreateRole"))!;
        expect(created).to.match(/^CreateRole workshop-guardrail-probe-20261201090000 as access role$/);
        expect(events.filter((e) => /^(RunInstances|CreateVolume|RequestSpot|CreateCapacity)/.test(e)).every((e) => e.endsWith("as probe role"))).to.equal(true);
        expect(events.filter((e) => e.startsWith("DecodeAuthorizationMessage"))).to.have.length(7);
        expect(events[events.length - 1]).to.equal("DeleteRole workshop-guardrail-probe-20261201090000");
        expect(roles.size, "the probe role is gone").to.equal(0);
        const createInput = iam.commandCalls(CreateRoleCommand)[0].args[0].input;
        expect(createInput.Path).to.equal(PROBE_ROLE_PATH);
        expect(JSON.parse(createInput.AssumeRolePolicyDocument!).Statement).to.deep.equal([{ Effect: "Allow", Principal: { AWS: ACCESS_ROLE }, Action: "sts:AssumeRole" }]);
        expect(iam.commandCalls(AttachRolePolicyCommand)[0].args[0].input.PolicyArn).to.equal(POLICY);
        expect(run.record).to.deep.include({ provenAt: "2026-12-01T09:00:00.000Z", accountId: ACCOUNT, email: ADA, frozen: false, proven: 8, failed: 0, unknown: 0 });
    });

    it("a guardrail that does not hold is a FAIL naming the statement that should have applied; the role is still deleted", async () => {
        decide = (api, input, region) => (input.InstanceType === "p5.48xlarge" && api === "RunInstances" ? "allowed" : workshopScps(api, input, region));
        const run = await doctorGuardrails();
        expect(run.exitCode).to.equal(1);
        expect(row(run.output, "RunInstances p5.48xlarge")).to.match(/denied\s+DryRunOperation \(allowed\)\s+FAIL/);
        expect(run.output).to.contain("FAIL: RunInstances p5.48xlarge in us-east-1 would have run: scp-compute-limits: DenyInstanceTypesOutsideAllowList should have denied it");
        expect(roles.size).to.equal(0);
        expect(run.record).to.deep.include({ proven: 7, failed: 1 });
    });

    it("on a frozen account every request is expected denied, the allowed size by the freeze SCP", async () => {
        organizations.on(ListPoliciesForTargetCommand).resolves({ Policies: [{ Id: "p-FullAWSAccess", Name: "FullAWSAccess" }, { Id: "p-freeze01", Name: "aws101-scp-freeze" }] });
        decide = () => ({ deniedBy: "FreezeAllButReadAndCleanUp" });
        const run = await doctorGuardrails();
        expect(run.exitCode, run.output).to.equal(0);
        expect(run.output).to.contain("frozen now: every request should be denied");
        expect(row(run.output, "RunInstances t3.micro ")).to.match(/denied\s+UnauthorizedOperation \(denied, by FreezeAllButReadAndCleanUp\)\s+proven/);
        expect(run.record).to.deep.include({ frozen: true, proven: 8 });
        expect(organizations.commandCalls(ListPoliciesForTargetCommand).map((c) => c.args[0].input.TargetId)).to.deep.equal([ACCOUNT]);
    });

    it("an access role that cannot be assumed: a clear error, no probe role created, nothing recorded", async () => {
        sts.on(AssumeRoleCommand, { RoleArn: ACCESS_ROLE }).rejects(awsError("AccessDenied", `User: arn:aws:iam::999988887777:user/teacher is not authorized to perform: sts:AssumeRole on resource: ${ACCESS_ROLE}`, 403));
        const run = await doctorGuardrails();
        expect(run.exitCode).to.equal(1);
        expect(run.stderr).to.contain(`could not work in account ${ACCOUNT} through OrganizationAccountAccessRole: AccessDenied`).and.contain("npm run doctor -- ada@students.example");
        expect(iam.commandCalls(CreateRoleCommand)).to.have.length(0);
        expect(run.record).to.equal(undefined);
    });

    it("a throttled region: its requests could not be sent, said so and never counted as proven", async () => {
        decide = (api, input, region) => {
            if (region === "us-west-2") throw awsError("RequestLimitExceeded", "Request limit exceeded.", 503);
            return workshopScps(api, input, region);
        };
        const run = await doctorGuardrails();
        expect(run.exitCode).to.equal(1);
        expect(row(run.output, "outside the allowed regions")).to.match(/could not prove: RequestLimitExceeded: Request limit exceeded\.\s+unknown/);
        expect(run.record).to.deep.include({ proven: 7, failed: 0, unknown: 1 });
        expect(roles.size).to.equal(0);
    });

    it("a denial that cannot be decoded is still a denial, said without a statement", async () => {
        sts.on(DecodeAuthorizationMessageCommand).rejects(awsError("AccessDenied", "not authorized to perform: sts:DecodeAuthorizationMessage", 403));
        const run = await doctorGuardrails();
        expect(run.exitCode, run.output).to.equal(0);
        expect(row(run.output, "RunInstances p5.48xlarge")).to.contain("UnauthorizedOperation (denied (not decoded: AccessDenied: not authorized to perform: sts:DecodeAuthorizationMessage))");
    });

    it("waits, bounded, for IAM to let the new role be assumed, and deletes it when it never can", async () => {
        let refusals = 2;
        const assume = sts.on(AssumeRoleCommand);
        const original = roles;
        assume.callsFake(async ({ RoleArn }: { RoleArn: string }, getClient) => {
            const { caller } = await callerOf(getClient);
            if (RoleArn === ACCESS_ROLE) return { Credentials: { AccessKeyId: "ASIAACCESS", SecretAccessKey: "s", SessionToken: "t" } };
            expect(caller).to.equal("access role");
            if (refusals-- > 0) throw awsError("AccessDenied", `not authorized to perform: sts:AssumeRole on resource: ${RoleArn}`, 403);
            return { Credentials: { AccessKeyId: "ASIAPROBE", SecretAccessKey: "s", SessionToken: "t" } };
        });
        const { engine, projectDir } = project();
        const { ctx } = capturingContext(engine);
        const clock = manualClock();
        const proof = await proveGuardrails({ ...ctx, projectDir, dataDir: workshopDataDir(projectDir, "dev") }, ADA, { clock });
        expect(proof.record.proven).to.equal(8);
        expect(clock.slept).to.deep.equal([ASSUME_DELAY_MS, ASSUME_DELAY_MS]);

        refusals = Infinity;
        const never = manualClock();
        let error: Error | undefined;
        await proveGuardrails({ ...ctx, projectDir, dataDir: workshopDataDir(projectDir, "dev") }, ADA, { clock: never }).catch((e: Error) => { error = e; });
        expect(error?.name).to.equal("AccessDenied");
        expect(never.slept).to.have.length(ASSUME_ATTEMPTS - 1);
        expect(original.size, "the probe role is deleted when it could never be used").to.equal(0);
    });

    it("removes a probe role an interrupted run left (prefix, path and tag), and leaves other roles under the path alone", async () => {
        roles.set("workshop-guardrail-probe-20261130120000", { path: PROBE_ROLE_PATH, tags: [{ Key: "workshop-accounts", Value: "guardrail-probe" }], trust: "", policies: [POLICY] });
        roles.set("workshop-guardrail-probe-someone-elses", { path: PROBE_ROLE_PATH, tags: [], trust: "", policies: [] });
        const run = await doctorGuardrails();
        expect(run.output).to.contain("Removed probe role(s) an interrupted run left: workshop-guardrail-probe-20261130120000.");
        expect([...roles.keys()]).to.deep.equal(["workshop-guardrail-probe-someone-elses"]);
    });
});
