import {
    DeleteProvisionedConcurrencyConfigCommand, type FunctionConfiguration, GetProvisionedConcurrencyConfigCommand, LambdaClient,
    paginateListFunctions, paginateListProvisionedConcurrencyConfigs, type ProvisionedConcurrencyConfigListItem,
} from "@aws-sdk/client-lambda";

import type { RegionScope } from "../aws/region-scope";
import type { BillableResource } from "../inventory/billable";
import { collect, describeEach, isoDate, type Lister, located } from "../inventory/lister";
import { type CatalogueEntry, isNotFound, priced } from "./entry";


/** The qualifier (alias or version) at the end of a qualified function ARN. */
const qualifierOf = (arn: string) => arn.split(":").at(-1) ?? "";

function configResource(scope: RegionScope, fn: FunctionConfiguration, config: ProvisionedConcurrencyConfigListItem): BillableResource {
    const qualifier = qualifierOf(config.FunctionArn ?? "");
    const state = config.Status ?? "unknown";
    const concurrency = config.AllocatedProvisionedConcurrentExecutions ?? config.RequestedProvisionedConcurrentExecutions ?? 0;
    return {
        ...located(scope, "lambda-provisioned-concurrency", `${fn.FunctionName ?? ""}:${qualifier}`),
        arn: config.FunctionArn,
        size: `${fn.MemorySize ?? 128} MB`,
        state,
        // Billed from the moment it is configured until removed, invoked or not (https://aws.amazon.com/lambda/pricing/).
        billing: concurrency > 0,
        since: isoDate(config.LastModified ? new Date(config.LastModified) : undefined),
        count: concurrency,
        parent: fn.FunctionName,
        // The function's memory as listed ($LATEST); a published version keeps the memory it was published with.
        memoryGiB: (fn.MemorySize ?? 128) / 1024,
        architecture: fn.Architectures?.[0] === "arm64" ? "arm64" : "x86_64",
    };
}

async function configsOf(scope: RegionScope, fn: FunctionConfiguration): Promise<BillableResource[]> {
    const configs = await collect(paginateListProvisionedConcurrencyConfigs({ client: scope.client(LambdaClient) }, { FunctionName: fn.FunctionName }),
        (p) => p.ProvisionedConcurrencyConfigs);
    return configs.map((c) => configResource(scope, fn, c));
}

/** No call lists provisioned concurrency across functions: ListFunctions, then each function's configurations. */
const provisionedLister: Lister = {
    what: "Lambda provisioned concurrency",
    kinds: ["lambda-provisioned-concurrency"],
    list: async (scope) => {
        const functions = await collect(paginateListFunctions({ client: scope.client(LambdaClient) }, {}), (p) => p.Functions);
        return describeEach(functions, (fn) => configsOf(scope, fn));
    },
};

export const lambdaEntries: CatalogueEntry[] = [
    {
        kind: "lambda-provisioned-concurrency",
        listedBy: provisionedLister,
        gate: "lambda-provisioned-concurrency",
        pricing: (config) => (config.memoryGiB === undefined ? priced.unknown(config, "the inventory gave no function memory")
            : priced.one(config, { kind: "lambda-provisioned", region: config.region, architecture: config.architecture ?? "x86_64" }, (config.count ?? 0) * config.memoryGiB)),
        freeze: {
            // The function, its versions and aliases stay; it then scales on demand.
            verb: "remove", api: "lambda:DeleteProvisionedConcurrencyConfig",
            stop: async (scope, config) => {
                await scope.client(LambdaClient).send(new DeleteProvisionedConcurrencyConfigCommand({ FunctionName: config.parent, Qualifier: qualifierOf(config.id) }));
                return "done";
            },
            current: async (scope, config) => {
                try {
                    const now = await scope.client(LambdaClient).send(new GetProvisionedConcurrencyConfigCommand({ FunctionName: config.parent, Qualifier: qualifierOf(config.id) }));
                    const concurrency = now.AllocatedProvisionedConcurrentExecutions ?? now.RequestedProvisionedConcurrentExecutions ?? 0;
                    return { ...config, state: now.Status ?? config.state, count: concurrency, billing: concurrency > 0 };
                } catch (error) {
                    if (isNotFound(error)) return undefined;
                    throw error;
                }
            },
        },
    },
];
