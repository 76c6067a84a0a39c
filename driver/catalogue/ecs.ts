import {
    DescribeServicesCommand, DescribeTaskDefinitionCommand, DescribeTasksCommand, ECSClient, paginateListClusters, paginateListServices,
    paginateListTasks, type Service, StopTaskCommand, type Task, type TaskDefinition, UpdateServiceCommand,
} from "@aws-sdk/client-ecs";

import type { RegionScope } from "../aws/region-scope";
import type { BillableResource } from "../inventory/billable";
import { collect, isoDate, type Lister, located } from "../inventory/lister";
import type { ResourcePricing } from "../prices/resource-pricing";
import { type CatalogueEntry, labelOf, orGone, priced } from "./entry";

/** DescribeServices takes at most 10 services, DescribeTasks at most 100 tasks (ECS API reference). */
const SERVICES_PER_DESCRIBE = 10;
const TASKS_PER_DESCRIBE = 100;

const chunks = <T>(items: T[], size: number): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
/** ECS gives sizes as text: CPU units (1024 per vCPU) and MiB. */
const vcpuOf = (cpu: string | undefined) => (cpu && Number.isFinite(Number(cpu)) ? Number(cpu) / 1024 : undefined);
const gibOf = (memory: string | undefined) => (memory && Number.isFinite(Number(memory)) ? Number(memory) / 1024 : undefined);
const architectureOf = (definition: TaskDefinition | undefined) =>
    definition?.runtimePlatform?.cpuArchitecture === "ARM64" ? "arm64" as const : "x86_64" as const;

/** What runs a service's tasks: its launch type, or the first provider of its capacity provider strategy. */
function launchTypeOf(service: Service): string {
    return service.launchType ?? service.capacityProviderStrategy?.[0]?.capacityProvider ?? "unknown";
}

function serviceResource(scope: RegionScope, cluster: string, service: Service, definition: TaskDefinition | undefined): BillableResource {
    const running = (service.runningCount ?? 0) + (service.pendingCount ?? 0);
    const vcpu = vcpuOf(definition?.cpu);
    const memoryGiB = gibOf(definition?.memory);
    return {
        ...located(scope, "ecs-service", service.serviceName ?? service.serviceArn ?? ""),
        arn: service.serviceArn,
        ...(vcpu !== undefined && memoryGiB !== undefined ? { size: `${vcpu} vCPU/${memoryGiB} GB` } : {}),
        state: service.status ?? "unknown",
        // Fargate bills from image pull to task stop (https://aws.amazon.com/fargate/pricing/): running and pending tasks.
        billing: running > 0,
        since: isoDate(service.createdAt),
        count: running,
        desired: service.desiredCount ?? 0,
        parent: cluster,
        launchType: launchTypeOf(service),
        architecture: architectureOf(definition),
        ...(vcpu !== undefined ? { vcpu } : {}),
        ...(memoryGiB !== undefined ? { memoryGiB } : {}),
    };
}

function taskResource(scope: RegionScope, cluster: string, task: Task): BillableResource {
    const vcpu = vcpuOf(task.cpu);
    const memoryGiB = gibOf(task.memory);
    const state = task.lastStatus ?? "unknown";
    return {
        ...located(scope, "ecs-task", task.taskArn ?? ""),
        arn: task.taskArn,
        ...(vcpu !== undefined && memoryGiB !== undefined ? { size: `${vcpu} vCPU/${memoryGiB} GB` } : {}),
        state,
        billing: !["STOPPED", "DELETED", "DEPROVISIONING"].includes(state),
        since: isoDate(task.createdAt),
        count: 1,
        parent: cluster,
        launchType: task.launchType ?? task.capacityProviderName ?? "unknown",
        architecture: task.attributes?.some((a) => a.name === "ecs.cpu-architecture" && a.value === "arm64") ? "arm64" : "x86_64",
        ...(vcpu !== undefined ? { vcpu } : {}),
        ...(memoryGiB !== undefined ? { memoryGiB } : {}),
    };
}

async function describeServices(scope: RegionScope, cluster: string, arns: string[]): Promise<BillableResource[]> {
    const ecs = scope.client(ECSClient);
    const services = (await Promise.all(chunks(arns, SERVICES_PER_DESCRIBE)
        .map(async (batch) => (await ecs.send(new DescribeServicesCommand({ cluster, services: batch }))).services ?? []))).flat()
        .filter((s) => s.status !== "INACTIVE");
    // One read per task definition, shared by the services that run it.
    const definitions = new Map<string, Promise<TaskDefinition | undefined>>();
    const definition = (arn: string | undefined) => {
        if (!arn) return Promise.resolve(undefined);
        if (!definitions.has(arn)) definitions.set(arn, ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn })).then((d) => d.taskDefinition));
        return definitions.get(arn)!;
    };
    return Promise.all(services.map(async (s) => serviceResource(scope, cluster, s, await definition(s.taskDefinition))));
}

/** Tasks that no service started (RunTask): a service's tasks are counted with the service. */
async function describeStandaloneTasks(scope: RegionScope, cluster: string, arns: string[]): Promise<BillableResource[]> {
    const ecs = scope.client(ECSClient);
    const tasks = (await Promise.all(chunks(arns, TASKS_PER_DESCRIBE)
        .map(async (batch) => (await ecs.send(new DescribeTasksCommand({ cluster, tasks: batch }))).tasks ?? []))).flat();
    return tasks.filter((t) => !t.group?.startsWith("service:")).map((t) => taskResource(scope, cluster, t));
}

/** Every cluster's services and the tasks no service runs: ListClusters, then per cluster ListServices and ListTasks (running). */
export async function listEcs(scope: RegionScope): Promise<BillableResource[]> {
    const ecs = scope.client(ECSClient);
    const clusters = await collect(paginateListClusters({ client: ecs }, {}), (p) => p.clusterArns);
    const perCluster = await Promise.all(clusters.map(async (cluster) => {
        const [serviceArns, taskArns] = await Promise.all([
            collect(paginateListServices({ client: ecs }, { cluster }), (p) => p.serviceArns),
            collect(paginateListTasks({ client: ecs }, { cluster, desiredStatus: "RUNNING" }), (p) => p.taskArns),
        ]);
        return [...await describeServices(scope, cluster, serviceArns), ...await describeStandaloneTasks(scope, cluster, taskArns)];
    }));
    return perCluster.flat();
}

const ecsLister: Lister = { what: "ECS services and tasks", kinds: ["ecs-service", "ecs-task"], list: listEcs };

/** Fargate tasks bill per vCPU-hour and GB-hour; tasks on EC2 capacity run on instances priced as EC2 instances. */
function taskPricing(resource: BillableResource): ResourcePricing {
    const launchType = resource.launchType ?? "";
    if (launchType === "FARGATE_SPOT") return priced.unknown(resource, "Fargate Spot: the spot price is not looked up (at most the Fargate price)");
    if (launchType !== "FARGATE") return priced.none(resource, `its tasks run on ${launchType} capacity, priced as EC2 instances`);
    if (resource.vcpu === undefined || resource.memoryGiB === undefined) return priced.unknown(resource, "the inventory gave no task size");
    const tasks = resource.count ?? 0;
    const { region } = resource;
    const architecture = resource.architecture ?? "x86_64";
    return {
        kind: "parts", label: labelOf(resource), parts: [
            { query: { kind: "fargate", region, resource: "vcpu", architecture }, quantity: tasks * resource.vcpu },
            { query: { kind: "fargate", region, resource: "memory", architecture }, quantity: tasks * resource.memoryGiB },
        ],
    };
}

export const ecsEntries: CatalogueEntry[] = [
    {
        kind: "ecs-service",
        listedBy: ecsLister,
        pricing: taskPricing,
        freeze: {
            // The service, its task definition and its load balancer stay: a desired count brings it back.
            verb: "scale to 0", api: "ecs:UpdateService",
            // At 0 desired, the scheduler drains what still runs: nothing more to call.
            atRest: (service) => (service.desired ?? 0) === 0,
            stop: async (scope, service) => {
                await scope.client(ECSClient).send(new UpdateServiceCommand({ cluster: service.parent, service: service.id, desiredCount: 0 }));
                return "done";
            },
            current: (scope, service) => orGone(async () => service.parent
                ? (await describeServices(scope, service.parent, [service.arn ?? service.id])) : []),
        },
    },
    {
        kind: "ecs-task",
        listedBy: ecsLister,
        pricing: taskPricing,
        freeze: {
            // A task started by RunTask is not restarted by anything: its task definition runs it again.
            verb: "stop", api: "ecs:StopTask",
            stop: async (scope, task) => {
                await scope.client(ECSClient).send(new StopTaskCommand({ cluster: task.parent, task: task.id, reason: "workshop freeze: budget reached" }));
                return "done";
            },
            current: (scope, task) => orGone(async () => task.parent
                ? (await scope.client(ECSClient).send(new DescribeTasksCommand({ cluster: task.parent, tasks: [task.id] }))).tasks?.map((t) => taskResource(scope, task.parent!, t)) ?? []
                : []),
        },
    },
];
