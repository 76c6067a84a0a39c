import { AutoScalingClient, type AutoScalingGroup,DescribeAutoScalingGroupsCommand, UpdateAutoScalingGroupCommand } from "@aws-sdk/client-auto-scaling";
import {
type Address,     DeleteNatGatewayCommand, DescribeAddressesCommand, DescribeInstancesCommand, DescribeNatGatewaysCommand, DescribeVolumesCommand, EC2Client,
type Filter, type Instance, type NatGateway,     StopInstancesCommand, type Volume,
} from "@aws-sdk/client-ec2";
import { DescribeLoadBalancersCommand, ElasticLoadBalancingV2Client, type LoadBalancer } from "@aws-sdk/client-elastic-load-balancing-v2";
import {
type DBCluster, type DBInstance,
    DescribeDBClustersCommand, DescribeDBInstancesCommand, RDSClient, StopDBClusterCommand, StopDBInstanceCommand, } from "@aws-sdk/client-rds";
import {
    DeleteEndpointCommand, DescribeEndpointCommand, DescribeEndpointConfigCommand, ListEndpointsCommand, ListNotebookInstancesCommand, type NotebookInstanceSummary,
SageMakerClient,
    StopNotebookInstanceCommand, } from "@aws-sdk/client-sagemaker";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";

/**
 * The services the inventory and the freeze call, inside student accounts, as one stateful fake on
 * aws-sdk-client-mock: STS hands out keys that name the account, so every call knows the account
 * and region it was made in; each account-region pair has its own resources; lists answer in pages
 * of `pageSize`; stop and delete calls change state and refuse what AWS refuses. Failures
 * (throttling, access denied) can be injected per account, region and command.
 */

export interface FakeEndpoint {
    name: string;
    status: string;
    configName: string;
    variants: { name: string; instanceType?: string; count: number }[];
}

export interface FakeRegion {
    instances: Instance[];
    volumes: Volume[];
    natGateways: NatGateway[];
    addresses: Address[];
    groups: AutoScalingGroup[];
    dbInstances: DBInstance[];
    dbClusters: DBCluster[];
    endpoints: FakeEndpoint[];
    notebooks: NotebookInstanceSummary[];
    loadBalancers: LoadBalancer[];
}

export interface FakeCall {
    accountId: string;
    region: string;
    command: string;
}

const KEY_PREFIX = "ASIAFAKE";

type Stub = ReturnType<typeof mockClient>;
/** What a fake reads from the client a call was sent on. */
interface CallingClient {
    config: { region(): Promise<string>; credentials(): Promise<{ accessKeyId: string }> };
}
const ASG_TAG = "aws:autoscaling:groupName";

/** An error shaped like the SDK's service exceptions: the code in `name`, the HTTP status in `$metadata`. */
export function awsError(name: string, message: string, httpStatusCode = 400): Error {
    return Object.assign(new Error(message), { name, $fault: "client", $metadata: { httpStatusCode } });
}

export const throttled = (name = "ThrottlingException") => awsError(name, "Rate exceeded");

function page<T>(items: T[], token: string | undefined, size: number): { items: T[]; next?: string } {
    const start = token ? Number(token) : 0;
    if (!Number.isInteger(start) || start < 0 || start > items.length) throw awsError("InvalidParameterValue", `Invalid pagination token ${token}`);
    const end = start + size;
    return { items: items.slice(start, end), ...(end < items.length ? { next: String(end) } : {}) };
}

function filterValues(filters: Filter[] | undefined, name: string): string[] | undefined {
    return filters?.find((f) => f.Name === name)?.Values;
}

export class FakeStudentAws {
    /** Every call made in a student account (and every AssumeRole), in order. */
    readonly calls: FakeCall[] = [];
    /** Items per page of every list call. */
    pageSize = 100;
    /** Real milliseconds each call takes, so concurrency can be observed. */
    latencyMs = 0;
    /** The most account-region pairs that had a call in flight at the same time. */
    maxPairsInFlight = 0;
    private readonly inFlight = new Map<string, number>();
    private readonly regions = new Map<string, FakeRegion>();
    private readonly refusedAccounts = new Map<string, Error>();
    private readonly failures: { accountId: string; region: string; command: string; error: () => Error; remaining: number; after: number }[] = [];
    private readonly disabled = new Set<string>();
    private readonly stubs: Stub[] = [];

    region(accountId: string, region: string): FakeRegion {
        const key = `${accountId} ${region}`;
        let state = this.regions.get(key);
        if (!state) {
            state = { instances: [], volumes: [], natGateways: [], addresses: [], groups: [], dbInstances: [], dbClusters: [], endpoints: [], notebooks: [], loadBalancers: [] };
            this.regions.set(key, state);
        }
        return state;
    }

    refuseAssumeRole(accountId: string, error = awsError("AccessDenied", `User is not authorized to perform: sts:AssumeRole on arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`, 403)): void {
        this.refusedAccounts.set(accountId, error);
    }

    /**
     * `times` calls of `command` in this account and region fail with `error()` (Infinity: every
     * call), after `after` calls that succeed (to fail a later page). AssumeRole's region is "global".
     */
    fail(accountId: string, region: string, command: string, error: () => Error, times = 1, after = 0): void {
        this.failures.push({ accountId, region, command, error, remaining: times, after });
    }

    /** An opt-in region the account has not enabled: every call there is refused. */
    disableRegion(accountId: string, region: string): void {
        this.disabled.add(`${accountId} ${region}`);
    }

    callsOf(command: string): FakeCall[] {
        return this.calls.filter((c) => c.command === command);
    }

    install(): this {
        const sts = this.stub(STSClient);
        sts.on(AssumeRoleCommand).callsFake(async (input: { RoleArn: string }) => {
            const accountId = input.RoleArn.split(":")[4];
            this.calls.push({ accountId, region: "global", command: "AssumeRole" });
            if (this.latencyMs) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
            const refused = this.refusedAccounts.get(accountId);
            if (refused) throw refused;
            this.failNow(accountId, "global", "AssumeRole");
            return { Credentials: { AccessKeyId: `${KEY_PREFIX}${accountId}`, SecretAccessKey: "s", SessionToken: "t", Expiration: new Date(Date.now() + 3_600_000) } };
        });
        this.installEc2();
        this.installAutoScaling();
        this.installRds();
        this.installSageMaker();
        this.handle(this.stub(ElasticLoadBalancingV2Client), DescribeLoadBalancersCommand, (r, input: { Marker?: string }) => {
            const p = page(r.loadBalancers, input.Marker, this.pageSize);
            return { LoadBalancers: p.items, NextMarker: p.next };
        });
        return this;
    }

    restore(): void {
        this.stubs.forEach((s) => s.restore());
        this.stubs.length = 0;
    }

    /** Throws the injected failure due for this call, if any. */
    private failNow(accountId: string, region: string, command: string): void {
        const failure = this.failures.find((f) => f.accountId === accountId && f.region === region && f.command === command && f.remaining > 0);
        if (failure && failure.after > 0) failure.after--;
        else if (failure) {
            failure.remaining--;
            throw failure.error();
        }
    }

    private stub(Client: new (config: never) => object): Stub {
        const stub = mockClient(Client as never);
        this.stubs.push(stub);
        return stub;
    }

    /** Answers `Command` from the state of the account and region the calling client is in. */
    private handle<I>(stub: Stub, Command: new (input: never) => object, answer: (state: FakeRegion, input: I) => object) {
        const command = Command.name.replace(/Command$/, "");
        stub.on(Command as never).callsFake(async (input: I, getClient: () => unknown) => {
            // Read at once: the mock knows the calling client only until the next call.
            const client = getClient() as CallingClient;
            const region = await client.config.region();
            const { accessKeyId } = await client.config.credentials();
            if (!accessKeyId.startsWith(KEY_PREFIX)) throw new Error(`${command} was sent with management-account credentials, not through a student account's role`);
            const accountId = accessKeyId.slice(KEY_PREFIX.length);
            this.calls.push({ accountId, region, command });
            const pair = `${accountId} ${region}`;
            this.inFlight.set(pair, (this.inFlight.get(pair) ?? 0) + 1);
            this.maxPairsInFlight = Math.max(this.maxPairsInFlight, [...this.inFlight.values()].filter((n) => n > 0).length);
            try {
                if (this.latencyMs) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
                if (this.disabled.has(pair)) throw awsError("UnrecognizedClientException", "The security token included in the request is invalid.", 403);
                this.failNow(accountId, region, command);
                return answer(this.region(accountId, region), input);
            } finally {
                this.inFlight.set(pair, this.inFlight.get(pair)! - 1);
            }
        });
    }

    private installEc2() {
        const ec2 = this.stub(EC2Client);
        this.handle(ec2, DescribeInstancesCommand, (r, input: { InstanceIds?: string[]; Filters?: Filter[]; MaxResults?: number; NextToken?: string }) => {
            // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeInstances.html: "You cannot specify this parameter and the instance IDs parameter in the same request."
            if (input.InstanceIds && input.MaxResults) throw awsError("InvalidParameterCombination", "The parameter instancesSet cannot be used with the parameter maxResults");
            const missing = input.InstanceIds?.find((id) => !r.instances.some((i) => i.InstanceId === id));
            if (missing) throw awsError("InvalidInstanceID.NotFound", `The instance ID '${missing}' does not exist`);
            const states = filterValues(input.Filters, "instance-state-name");
            const matching = r.instances.filter((i) => (!input.InstanceIds || input.InstanceIds.includes(i.InstanceId!)) &&
                (!states || states.includes(i.State!.Name!)));
            const p = page(matching, input.NextToken, this.pageSize);
            return { Reservations: p.items.map((i) => ({ Instances: [structuredClone(i)] })), NextToken: p.next };
        });
        this.handle(ec2, DescribeVolumesCommand, (r, input: { NextToken?: string }) => {
            const p = page(r.volumes, input.NextToken, this.pageSize);
            return { Volumes: p.items, NextToken: p.next };
        });
        this.handle(ec2, DescribeNatGatewaysCommand, (r, input: { NatGatewayIds?: string[]; Filter?: Filter[]; NextToken?: string }) => {
            const missing = input.NatGatewayIds?.find((id) => !r.natGateways.some((g) => g.NatGatewayId === id));
            if (missing) throw awsError("NatGatewayNotFound", `NAT gateway ${missing} was not found`);
            const states = filterValues(input.Filter, "state");
            const matching = r.natGateways.filter((g) => (!input.NatGatewayIds || input.NatGatewayIds.includes(g.NatGatewayId!)) &&
                (!states || states.includes(g.State!)));
            const p = page(matching, input.NextToken, this.pageSize);
            return { NatGateways: p.items.map((g) => structuredClone(g)), NextToken: p.next };
        });
        this.handle(ec2, DescribeAddressesCommand, (r) => ({ Addresses: r.addresses }));
        this.handle(ec2, StopInstancesCommand, (r, input: { InstanceIds: string[] }) => {
            const instances = input.InstanceIds.map((id) => {
                const instance = r.instances.find((i) => i.InstanceId === id);
                if (!instance) throw awsError("InvalidInstanceID.NotFound", `The instance ID '${id}' does not exist`);
                return instance;
            });
            // Only a running instance can be stopped; stopping a stopped one changes nothing.
            const stuck = instances.find((i) => !["running", "stopping", "stopped"].includes(i.State!.Name!));
            if (stuck) throw awsError("IncorrectInstanceState", `This instance '${stuck.InstanceId}' is not in a state from which it can be stopped.`);
            return {
                StoppingInstances: instances.map((i) => {
                    const previous = i.State!.Name!;
                    if (previous === "running") i.State = { Name: "stopping", Code: 64 };
                    return { InstanceId: i.InstanceId, PreviousState: { Name: previous }, CurrentState: { Name: i.State!.Name } };
                }),
            };
        });
        this.handle(ec2, DeleteNatGatewayCommand, (r, input: { NatGatewayId: string }) => {
            const gateway = r.natGateways.find((g) => g.NatGatewayId === input.NatGatewayId && g.State !== "deleted");
            if (!gateway) throw awsError("NatGatewayNotFound", `NAT gateway ${input.NatGatewayId} was not found`);
            gateway.State = "deleting";
            return { NatGatewayId: gateway.NatGatewayId };
        });
    }

    private installAutoScaling() {
        const autoScaling = this.stub(AutoScalingClient);
        this.handle(autoScaling, DescribeAutoScalingGroupsCommand, (r, input: { AutoScalingGroupNames?: string[]; NextToken?: string }) => {
            const matching = r.groups.filter((g) => !input.AutoScalingGroupNames || input.AutoScalingGroupNames.includes(g.AutoScalingGroupName!));
            const p = page(matching, input.NextToken, this.pageSize);
            return { AutoScalingGroups: p.items.map((g) => structuredClone(g)), NextToken: p.next };
        });
        this.handle(autoScaling, UpdateAutoScalingGroupCommand, (r, input: { AutoScalingGroupName: string; MinSize?: number; DesiredCapacity?: number }) => {
            const group = r.groups.find((g) => g.AutoScalingGroupName === input.AutoScalingGroupName);
            if (!group) throw awsError("ValidationException", "AutoScalingGroup name not found - null");
            const min = input.MinSize ?? group.MinSize!;
            const desired = input.DesiredCapacity ?? group.DesiredCapacity!;
            if (desired < min || desired > group.MaxSize!) throw awsError("ValidationException", `Desired capacity:${desired} must be between the specified min size:${min} and max size:${group.MaxSize}`);
            Object.assign(group, { MinSize: min, DesiredCapacity: desired });
            // The group terminates what it no longer wants, newest first; here all at once.
            const members = r.instances.filter((i) => i.Tags?.some((t) => t.Key === ASG_TAG && t.Value === group.AutoScalingGroupName) &&
                ["pending", "running"].includes(i.State!.Name!));
            members.slice(desired).forEach((i) => { i.State = { Name: "shutting-down", Code: 32 }; });
            return {};
        });
    }

    private installRds() {
        const rds = this.stub(RDSClient);
        this.handle(rds, DescribeDBInstancesCommand, (r, input: { DBInstanceIdentifier?: string; Marker?: string }) => {
            const matching = r.dbInstances.filter((db) => !input.DBInstanceIdentifier || db.DBInstanceIdentifier === input.DBInstanceIdentifier);
            if (input.DBInstanceIdentifier && matching.length === 0) throw awsError("DBInstanceNotFoundFault", `DBInstance ${input.DBInstanceIdentifier} not found.`, 404);
            const p = page(matching, input.Marker, this.pageSize);
            return { DBInstances: p.items.map((db) => structuredClone(db)), Marker: p.next };
        });
        this.handle(rds, DescribeDBClustersCommand, (r, input: { DBClusterIdentifier?: string; Marker?: string }) => {
            const matching = r.dbClusters.filter((c) => !input.DBClusterIdentifier || c.DBClusterIdentifier === input.DBClusterIdentifier);
            if (input.DBClusterIdentifier && matching.length === 0) throw awsError("DBClusterNotFoundFault", `DBCluster ${input.DBClusterIdentifier} not found.`, 404);
            const p = page(matching, input.Marker, this.pageSize);
            return { DBClusters: p.items.map((c) => structuredClone(c)), Marker: p.next };
        });
        this.handle(rds, StopDBInstanceCommand, (r, input: { DBInstanceIdentifier: string }) => {
            const db = r.dbInstances.find((d) => d.DBInstanceIdentifier === input.DBInstanceIdentifier);
            if (!db) throw awsError("DBInstanceNotFoundFault", `DBInstance ${input.DBInstanceIdentifier} not found.`, 404);
            // https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_StopDBInstance.html: not for Aurora; use StopDBCluster.
            if (db.DBClusterIdentifier) throw awsError("InvalidParameterCombination", "aurora instances cannot be stopped; stop the cluster instead");
            if (db.DBInstanceStatus !== "available") throw awsError("InvalidDBInstanceStateFault", `Instance ${db.DBInstanceIdentifier} is not in available state.`);
            db.DBInstanceStatus = "stopping";
            return { DBInstance: db };
        });
        this.handle(rds, StopDBClusterCommand, (r, input: { DBClusterIdentifier: string }) => {
            const cluster = r.dbClusters.find((c) => c.DBClusterIdentifier === input.DBClusterIdentifier);
            if (!cluster) throw awsError("DBClusterNotFoundFault", `DBCluster ${input.DBClusterIdentifier} not found.`, 404);
            if (cluster.Status !== "available") throw awsError("InvalidDBClusterStateFault", `DbCluster ${cluster.DBClusterIdentifier} is in ${cluster.Status} state but expected it to be available.`);
            cluster.Status = "stopping";
            r.dbInstances.filter((db) => db.DBClusterIdentifier === cluster.DBClusterIdentifier).forEach((db) => { db.DBInstanceStatus = "stopping"; });
            return { DBCluster: cluster };
        });
    }

    private installSageMaker() {
        const sagemaker = this.stub(SageMakerClient);
        const endpointNotFound = (name: string) => awsError("ValidationException", `Could not find endpoint "${name}".`);
        this.handle(sagemaker, ListEndpointsCommand, (r, input: { NextToken?: string }) => {
            const p = page(r.endpoints, input.NextToken, this.pageSize);
            return { Endpoints: p.items.map((e) => ({ EndpointName: e.name, EndpointStatus: e.status, CreationTime: new Date("2026-11-23T09:00:00Z") })), NextToken: p.next };
        });
        this.handle(sagemaker, DescribeEndpointCommand, (r, input: { EndpointName: string }) => {
            const e = r.endpoints.find((x) => x.name === input.EndpointName);
            if (!e) throw endpointNotFound(input.EndpointName);
            return {
                EndpointName: e.name, EndpointConfigName: e.configName, EndpointStatus: e.status, CreationTime: new Date("2026-11-23T09:00:00Z"),
                ProductionVariants: e.variants.map((v) => ({ VariantName: v.name, ...(v.instanceType ? { CurrentInstanceCount: v.count } : {}) })),
            };
        });
        this.handle(sagemaker, DescribeEndpointConfigCommand, (r, input: { EndpointConfigName: string }) => {
            const e = r.endpoints.find((x) => x.configName === input.EndpointConfigName);
            if (!e) throw awsError("ValidationException", `Could not find endpoint configuration "${input.EndpointConfigName}".`);
            return {
                EndpointConfigName: e.configName,
                ProductionVariants: e.variants.map((v) => (v.instanceType
                    ? { VariantName: v.name, InstanceType: v.instanceType, InitialInstanceCount: v.count }
                    : { VariantName: v.name, ServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 5 } })),
            };
        });
        this.handle(sagemaker, DeleteEndpointCommand, (r, input: { EndpointName: string }) => {
            const e = r.endpoints.find((x) => x.name === input.EndpointName);
            if (!e || e.status === "Deleting") throw endpointNotFound(input.EndpointName);
            e.status = "Deleting";
            return {};
        });
        this.handle(sagemaker, ListNotebookInstancesCommand, (r, input: { NameContains?: string; NextToken?: string }) => {
            const matching = r.notebooks.filter((n) => !input.NameContains || n.NotebookInstanceName!.includes(input.NameContains));
            const p = page(matching, input.NextToken, this.pageSize);
            return { NotebookInstances: p.items.map((n) => structuredClone(n)), NextToken: p.next };
        });
        this.handle(sagemaker, StopNotebookInstanceCommand, (r, input: { NotebookInstanceName: string }) => {
            const notebook = r.notebooks.find((n) => n.NotebookInstanceName === input.NotebookInstanceName);
            if (!notebook) throw awsError("ValidationException", "RecordNotFound");
            if (notebook.NotebookInstanceStatus !== "InService") {
                throw awsError("ValidationException", `Status (${notebook.NotebookInstanceStatus}) not in ([InService]). Unable to transition to (Stopping) for Notebook Instance (${notebook.NotebookInstanceArn}).`);
            }
            notebook.NotebookInstanceStatus = "Stopping";
            return {};
        });
    }
}

/** One of each thing the inventory lists, running, in this account and region; ids carry `tag`. */
export function oneOfEach(fake: FakeStudentAws, accountId: string, region: string, tag = "1"): void {
    const r = fake.region(accountId, region);
    const launched = new Date("2026-11-23T09:00:00Z");
    r.instances.push({ InstanceId: `i-${tag}`, InstanceType: "t3.micro", State: { Name: "running", Code: 16 }, LaunchTime: launched, PlatformDetails: "Linux/UNIX" });
    r.volumes.push({ VolumeId: `vol-${tag}`, VolumeType: "gp3", Size: 8, Iops: 3000, Throughput: 125, State: "in-use", CreateTime: launched });
    r.natGateways.push({ NatGatewayId: `nat-${tag}`, State: "available", CreateTime: launched });
    r.addresses.push({ AllocationId: `eipalloc-${tag}`, PublicIp: "203.0.113.10" });
    r.groups.push({
        AutoScalingGroupName: `asg-${tag}`, MinSize: 1, MaxSize: 2, DesiredCapacity: 1, DefaultCooldown: 300, AvailabilityZones: [`${region}a`],
        HealthCheckType: "EC2", CreatedTime: launched,
    });
    r.instances.push({
        InstanceId: `i-${tag}-asg`, InstanceType: "t3.small", State: { Name: "running", Code: 16 }, LaunchTime: launched, PlatformDetails: "Linux/UNIX",
        Tags: [{ Key: ASG_TAG, Value: `asg-${tag}` }],
    });
    r.dbInstances.push({ DBInstanceIdentifier: `db-${tag}`, DBInstanceClass: "db.t3.micro", Engine: "mysql", DBInstanceStatus: "available", MultiAZ: false, AllocatedStorage: 20 });
    r.dbClusters.push({ DBClusterIdentifier: `aurora-${tag}`, Engine: "aurora-mysql", Status: "available", MultiAZ: false });
    r.dbInstances.push({
        DBInstanceIdentifier: `aurora-${tag}-writer`, DBInstanceClass: "db.t3.medium", Engine: "aurora-mysql", DBInstanceStatus: "available",
        MultiAZ: false, DBClusterIdentifier: `aurora-${tag}`,
    });
    r.endpoints.push({ name: `endpoint-${tag}`, status: "InService", configName: `config-${tag}`, variants: [{ name: "AllTraffic", instanceType: "ml.m5.large", count: 1 }] });
    r.notebooks.push({
        NotebookInstanceName: `notebook-${tag}`, NotebookInstanceArn: `arn:aws:sagemaker:${region}:${accountId}:notebook-instance/notebook-${tag}`,
        NotebookInstanceStatus: "InService", InstanceType: "ml.t3.medium",
    });
    r.loadBalancers.push({
        LoadBalancerArn: `arn:aws:elasticloadbalancing:${region}:${accountId}:loadbalancer/app/web-${tag}/50dc6c495c0c9188`,
        LoadBalancerName: `web-${tag}`, Type: "application", State: { Code: "active" }, CreatedTime: launched,
    });
}
