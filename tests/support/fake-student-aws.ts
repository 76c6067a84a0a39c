import { AutoScalingClient, type AutoScalingGroup,DescribeAutoScalingGroupsCommand, UpdateAutoScalingGroupCommand } from "@aws-sdk/client-auto-scaling";
import {
    DescribeTableCommand, DynamoDBClient, ListTablesCommand, type TableDescription, UpdateTableCommand,
} from "@aws-sdk/client-dynamodb";
import {
type Address,     DeleteNatGatewayCommand, DeleteVpcEndpointsCommand, DescribeAddressesCommand, DescribeInstancesCommand, DescribeNatGatewaysCommand,
    DescribeVolumesCommand, DescribeVpcEndpointsCommand, EC2Client,
type Filter, type Instance, type NatGateway,     StopInstancesCommand, type Volume, type VpcEndpoint,
} from "@aws-sdk/client-ec2";
import {
    DescribeServicesCommand, DescribeTaskDefinitionCommand, DescribeTasksCommand, ECSClient, ListClustersCommand as ListEcsClustersCommand,
    ListServicesCommand, ListTasksCommand, type Service, StopTaskCommand, type Task, type TaskDefinition, UpdateServiceCommand,
} from "@aws-sdk/client-ecs";
import {
    type Cluster, DescribeClusterCommand, DescribeNodegroupCommand, EKSClient, ListClustersCommand as ListEksClustersCommand, ListNodegroupsCommand,
    type Nodegroup, UpdateNodegroupConfigCommand,
} from "@aws-sdk/client-eks";
import { DescribeLoadBalancersCommand, ElasticLoadBalancingV2Client, type LoadBalancer } from "@aws-sdk/client-elastic-load-balancing-v2";
import { type Accelerator, GlobalAcceleratorClient, ListAcceleratorsCommand } from "@aws-sdk/client-global-accelerator";
import { DescribeStreamSummaryCommand, KinesisClient, ListStreamsCommand, type StreamDescriptionSummary, UpdateStreamModeCommand } from "@aws-sdk/client-kinesis";
import {
    DeleteProvisionedConcurrencyConfigCommand, type FunctionConfiguration, GetProvisionedConcurrencyConfigCommand, LambdaClient, ListFunctionsCommand,
    ListProvisionedConcurrencyConfigsCommand, type ProvisionedConcurrencyConfigListItem,
} from "@aws-sdk/client-lambda";
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
    vpcEndpoints: VpcEndpoint[];
    /** ECS clusters by ARN, with their services and tasks; task definitions by ARN. */
    ecsClusters: { arn: string; services: Service[]; tasks: Task[] }[];
    taskDefinitions: TaskDefinition[];
    tables: TableDescription[];
    /** Lambda functions and their provisioned concurrency configurations (FunctionArn ends with the qualifier). */
    functions: { config: FunctionConfiguration; provisioned: ProvisionedConcurrencyConfigListItem[] }[];
    eksClusters: { cluster: Cluster; nodegroups: Nodegroup[] }[];
    streams: StreamDescriptionSummary[];
    /** Global Accelerator's accelerators: kept in the us-west-2 region of the account, where its API lives. */
    accelerators: Accelerator[];
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
            state = {
                instances: [], volumes: [], natGateways: [], addresses: [], groups: [], dbInstances: [], dbClusters: [], endpoints: [], notebooks: [], loadBalancers: [],
                vpcEndpoints: [], ecsClusters: [], taskDefinitions: [], tables: [], functions: [], eksClusters: [], streams: [], accelerators: [],
            };
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
        this.installEcs();
        this.installDynamoDb();
        this.installLambda();
        this.installEks();
        this.installKinesis();
        this.handle(this.stub(GlobalAcceleratorClient), ListAcceleratorsCommand, (r, input: { NextToken?: string }, region) => {
            // https://docs.aws.amazon.com/global-accelerator/latest/api/Welcome.html: the API is served from us-west-2 only.
            if (region !== "us-west-2") throw awsError("UnknownEndpoint", `Global Accelerator has no endpoint in ${region}`);
            const p = page(r.accelerators, input.NextToken, this.pageSize);
            return { Accelerators: p.items, NextToken: p.next };
        });
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
    private handle<I>(stub: Stub, Command: new (input: never) => object, answer: (state: FakeRegion, input: I, region: string) => object) {
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
                return answer(this.region(accountId, region), input, region);
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
        this.handle(ec2, DescribeVpcEndpointsCommand, (r, input: { VpcEndpointIds?: string[]; NextToken?: string }) => {
            const missing = input.VpcEndpointIds?.find((id) => !r.vpcEndpoints.some((e) => e.VpcEndpointId === id));
            if (missing) throw awsError("InvalidVpcEndpointId.NotFound", `The Vpc Endpoint Id '${missing}' does not exist`);
            const matching = r.vpcEndpoints.filter((e) => !input.VpcEndpointIds || input.VpcEndpointIds.includes(e.VpcEndpointId!));
            const p = page(matching, input.NextToken, this.pageSize);
            return { VpcEndpoints: p.items.map((e) => structuredClone(e)), NextToken: p.next };
        });
        // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteVpcEndpoints.html: failures come back per endpoint in Unsuccessful.
        this.handle(ec2, DeleteVpcEndpointsCommand, (r, input: { VpcEndpointIds: string[] }) => ({
            Unsuccessful: input.VpcEndpointIds.flatMap((id) => {
                const endpoint = r.vpcEndpoints.find((e) => e.VpcEndpointId === id && e.State !== "Deleted");
                if (!endpoint) return [{ ResourceId: id, Error: { Code: "InvalidVpcEndpoint.NotFound", Message: `The VPC endpoint '${id}' does not exist` } }];
                endpoint.State = "Deleting";
                return [];
            }),
        }));
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

    private installEcs() {
        const ecs = this.stub(ECSClient);
        const cluster = (r: FakeRegion, arn: string | undefined) => {
            const found = r.ecsClusters.find((c) => c.arn === arn || c.arn.endsWith(`/${arn}`));
            if (!found) throw awsError("ClusterNotFoundException", "Cluster not found.");
            return found;
        };
        this.handle(ecs, ListEcsClustersCommand, (r, input: { nextToken?: string }) => {
            const p = page(r.ecsClusters.map((c) => c.arn), input.nextToken, this.pageSize);
            return { clusterArns: p.items, nextToken: p.next };
        });
        this.handle(ecs, ListServicesCommand, (r, input: { cluster?: string; nextToken?: string }) => {
            const p = page(cluster(r, input.cluster).services.filter((s) => s.status !== "INACTIVE").map((s) => s.serviceArn!), input.nextToken, this.pageSize);
            return { serviceArns: p.items, nextToken: p.next };
        });
        // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeServices.html: "You may specify up to 10 services to describe."
        this.handle(ecs, DescribeServicesCommand, (r, input: { cluster?: string; services: string[] }) => {
            if (input.services.length > 10) throw awsError("InvalidParameterException", "services can have at most 10 items.");
            const services = cluster(r, input.cluster).services;
            const found = input.services.map((name) => services.find((s) => s.serviceArn === name || s.serviceName === name));
            return {
                services: found.filter((s): s is Service => !!s).map((s) => structuredClone(s)),
                failures: input.services.filter((_, i) => !found[i]).map((arn) => ({ arn, reason: "MISSING" })),
            };
        });
        this.handle(ecs, DescribeTaskDefinitionCommand, (r, input: { taskDefinition: string }) => {
            const definition = r.taskDefinitions.find((d) => d.taskDefinitionArn === input.taskDefinition);
            if (!definition) throw awsError("ClientException", "Unable to describe task definition.");
            return { taskDefinition: structuredClone(definition) };
        });
        this.handle(ecs, ListTasksCommand, (r, input: { cluster?: string; desiredStatus?: string; nextToken?: string }) => {
            const tasks = cluster(r, input.cluster).tasks.filter((t) => (t.desiredStatus ?? "RUNNING") === (input.desiredStatus ?? "RUNNING"));
            const p = page(tasks.map((t) => t.taskArn!), input.nextToken, this.pageSize);
            return { taskArns: p.items, nextToken: p.next };
        });
        // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeTasks.html: up to 100 tasks.
        this.handle(ecs, DescribeTasksCommand, (r, input: { cluster?: string; tasks: string[] }) => {
            if (input.tasks.length > 100) throw awsError("InvalidParameterException", "tasks can have at most 100 items.");
            const tasks = cluster(r, input.cluster).tasks;
            return { tasks: input.tasks.flatMap((arn) => tasks.filter((t) => t.taskArn === arn)).map((t) => structuredClone(t)), failures: [] };
        });
        this.handle(ecs, UpdateServiceCommand, (r, input: { cluster?: string; service: string; desiredCount?: number }) => {
            const service = cluster(r, input.cluster).services.find((s) => s.serviceName === input.service || s.serviceArn === input.service);
            if (!service || service.status === "INACTIVE") throw awsError("ServiceNotActiveException", "Service was not ACTIVE.");
            // The scheduler drains the tasks it no longer wants: they keep running (and billing) until they stop.
            if (input.desiredCount !== undefined) service.desiredCount = input.desiredCount;
            return { service: structuredClone(service) };
        });
        this.handle(ecs, StopTaskCommand, (r, input: { cluster?: string; task: string }) => {
            const task = cluster(r, input.cluster).tasks.find((t) => t.taskArn === input.task);
            if (!task) throw awsError("InvalidParameterException", "The referenced task was not found.");
            Object.assign(task, { desiredStatus: "STOPPED", lastStatus: "DEPROVISIONING" });
            return { task: structuredClone(task) };
        });
    }

    private installDynamoDb() {
        const dynamodb = this.stub(DynamoDBClient);
        const table = (r: FakeRegion, name: string) => {
            const found = r.tables.find((t) => t.TableName === name && t.TableStatus !== "DELETING");
            if (!found) throw awsError("ResourceNotFoundException", `Requested resource not found: Table: ${name} not found`);
            return found;
        };
        // https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ListTables.html: at most 100 names a page, continued from LastEvaluatedTableName.
        this.handle(dynamodb, ListTablesCommand, (r, input: { ExclusiveStartTableName?: string }) => {
            const names = r.tables.map((t) => t.TableName!);
            const start = input.ExclusiveStartTableName ? names.indexOf(input.ExclusiveStartTableName) + 1 : 0;
            const items = names.slice(start, start + Math.min(this.pageSize, 100));
            return { TableNames: items, ...(start + items.length < names.length ? { LastEvaluatedTableName: items.at(-1) } : {}) };
        });
        this.handle(dynamodb, DescribeTableCommand, (r, input: { TableName: string }) => ({ Table: structuredClone(table(r, input.TableName)) }));
        this.handle(dynamodb, UpdateTableCommand, (r, input: { TableName: string; BillingMode?: string }) => {
            const t = table(r, input.TableName);
            // https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTable.html: one update at a time.
            if (t.TableStatus !== "ACTIVE") throw awsError("ResourceInUseException", `Attempt to change a resource which is still in use: Table is being updated: ${t.TableName}`);
            if (input.BillingMode === "PAY_PER_REQUEST") {
                t.BillingModeSummary = { BillingMode: "PAY_PER_REQUEST" };
                t.ProvisionedThroughput = { ReadCapacityUnits: 0, WriteCapacityUnits: 0, NumberOfDecreasesToday: 0 };
                t.GlobalSecondaryIndexes?.forEach((i) => { i.ProvisionedThroughput = { ReadCapacityUnits: 0, WriteCapacityUnits: 0 }; });
                t.TableStatus = "UPDATING";
            }
            return { TableDescription: structuredClone(t) };
        });
    }

    private installLambda() {
        const lambda = this.stub(LambdaClient);
        const fn = (r: FakeRegion, name: string) => {
            const found = r.functions.find((f) => f.config.FunctionName === name || f.config.FunctionArn === name);
            if (!found) throw awsError("ResourceNotFoundException", `Function not found: ${name}`, 404);
            return found;
        };
        const config = (r: FakeRegion, name: string, qualifier: string) => {
            const found = fn(r, name).provisioned.find((c) => c.FunctionArn!.endsWith(`:${qualifier}`));
            if (!found) throw awsError("ProvisionedConcurrencyConfigNotFoundException", "No Provisioned Concurrency Config found for this function", 404);
            return found;
        };
        this.handle(lambda, ListFunctionsCommand, (r, input: { Marker?: string }) => {
            const p = page(r.functions.map((f) => f.config), input.Marker, this.pageSize);
            return { Functions: p.items.map((c) => structuredClone(c)), NextMarker: p.next };
        });
        this.handle(lambda, ListProvisionedConcurrencyConfigsCommand, (r, input: { FunctionName: string; Marker?: string }) => {
            const p = page(fn(r, input.FunctionName).provisioned, input.Marker, this.pageSize);
            return { ProvisionedConcurrencyConfigs: p.items.map((c) => structuredClone(c)), NextMarker: p.next };
        });
        this.handle(lambda, GetProvisionedConcurrencyConfigCommand, (r, input: { FunctionName: string; Qualifier: string }) => {
            const c = config(r, input.FunctionName, input.Qualifier);
            return { RequestedProvisionedConcurrentExecutions: c.RequestedProvisionedConcurrentExecutions, AllocatedProvisionedConcurrentExecutions: c.AllocatedProvisionedConcurrentExecutions, Status: c.Status };
        });
        this.handle(lambda, DeleteProvisionedConcurrencyConfigCommand, (r, input: { FunctionName: string; Qualifier: string }) => {
            const f = fn(r, input.FunctionName);
            const c = config(r, input.FunctionName, input.Qualifier);
            f.provisioned.splice(f.provisioned.indexOf(c), 1);
            return {};
        });
    }

    private installEks() {
        const eks = this.stub(EKSClient);
        const cluster = (r: FakeRegion, name: string) => {
            const found = r.eksClusters.find((c) => c.cluster.name === name);
            if (!found) throw awsError("ResourceNotFoundException", `No cluster found for name: ${name}.`, 404);
            return found;
        };
        const nodegroup = (r: FakeRegion, clusterName: string, name: string) => {
            const found = cluster(r, clusterName).nodegroups.find((g) => g.nodegroupName === name);
            if (!found) throw awsError("ResourceNotFoundException", `No node group found for name: ${name}.`, 404);
            return found;
        };
        this.handle(eks, ListEksClustersCommand, (r, input: { nextToken?: string }) => {
            const p = page(r.eksClusters.map((c) => c.cluster.name!), input.nextToken, this.pageSize);
            return { clusters: p.items, nextToken: p.next };
        });
        this.handle(eks, DescribeClusterCommand, (r, input: { name: string }) => ({ cluster: structuredClone(cluster(r, input.name).cluster) }));
        this.handle(eks, ListNodegroupsCommand, (r, input: { clusterName: string; nextToken?: string }) => {
            const p = page(cluster(r, input.clusterName).nodegroups.map((g) => g.nodegroupName!), input.nextToken, this.pageSize);
            return { nodegroups: p.items, nextToken: p.next };
        });
        this.handle(eks, DescribeNodegroupCommand, (r, input: { clusterName: string; nodegroupName: string }) =>
            ({ nodegroup: structuredClone(nodegroup(r, input.clusterName, input.nodegroupName)) }));
        // https://docs.aws.amazon.com/eks/latest/APIReference/API_UpdateNodegroupConfig.html and API_NodegroupScalingConfig.html:
        // an ACTIVE node group only; min <= desired <= max, max at least 1.
        this.handle(eks, UpdateNodegroupConfigCommand, (r, input: { clusterName: string; nodegroupName: string; scalingConfig?: { minSize?: number; maxSize?: number; desiredSize?: number } }) => {
            const group = nodegroup(r, input.clusterName, input.nodegroupName);
            if (group.status !== "ACTIVE") throw awsError("ResourceInUseException", `Nodegroup ${group.nodegroupName} is currently ${group.status}`, 409);
            const next = { ...group.scalingConfig, ...input.scalingConfig };
            if ((next.maxSize ?? 0) < 1 || (next.minSize ?? 0) > (next.desiredSize ?? 0) || (next.desiredSize ?? 0) > (next.maxSize ?? 0)) {
                throw awsError("InvalidParameterException", "Minimum capacity cannot be greater than desired, nor desired greater than maximum; maximum must be at least 1");
            }
            group.scalingConfig = next;
            group.status = "UPDATING";
            return { update: { id: "update-1", status: "InProgress", type: "ConfigUpdate" } };
        });
    }

    private installKinesis() {
        const kinesis = this.stub(KinesisClient);
        const stream = (r: FakeRegion, name?: string, arn?: string) => {
            const found = r.streams.find((s) => s.StreamName === name || s.StreamARN === arn);
            if (!found) throw awsError("ResourceNotFoundException", `Stream ${name ?? arn} not found`);
            return found;
        };
        this.handle(kinesis, ListStreamsCommand, (r, input: { NextToken?: string }) => {
            const p = page(r.streams, input.NextToken, this.pageSize);
            return {
                StreamNames: p.items.map((s) => s.StreamName), HasMoreStreams: !!p.next, NextToken: p.next,
                StreamSummaries: p.items.map((s) => ({ StreamName: s.StreamName, StreamARN: s.StreamARN, StreamStatus: s.StreamStatus, StreamModeDetails: s.StreamModeDetails })),
            };
        });
        this.handle(kinesis, DescribeStreamSummaryCommand, (r, input: { StreamName?: string }) => ({ StreamDescriptionSummary: structuredClone(stream(r, input.StreamName)) }));
        this.handle(kinesis, UpdateStreamModeCommand, (r, input: { StreamARN: string; StreamModeDetails: { StreamMode: "ON_DEMAND" | "PROVISIONED" } }) => {
            const s = stream(r, undefined, input.StreamARN);
            if (s.StreamStatus !== "ACTIVE") throw awsError("ResourceInUseException", `Stream ${s.StreamName} under account is not ACTIVE`);
            s.StreamModeDetails = input.StreamModeDetails;
            s.StreamStatus = "UPDATING";
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
