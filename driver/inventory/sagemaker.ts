import {
    DescribeEndpointCommand, DescribeEndpointConfigCommand,     type NotebookInstanceSummary,
paginateListEndpoints, paginateListNotebookInstances, SageMakerClient,
} from "@aws-sdk/client-sagemaker";

import type { RegionScope } from "../aws/region-scope";
import { mapPool } from "../promise-pool";
import type { BillableResource } from "./billable";
import { collect, isoDate, type Lister,located } from "./lister";

/** Endpoint states without instances behind them. */
const ENDPOINT_IDLE = new Set(["Failed", "Deleting"]);
/** Notebook instances bill while their ML instance runs (https://aws.amazon.com/sagemaker/pricing/). */
const NOTEBOOK_BILLING = new Set(["Pending", "InService", "Updating"]);
/** Endpoints of one account and region described at once: SageMaker's Describe* rates are low. */
const DESCRIBE_CONCURRENCY = 2;

/**
 * ListEndpoints says neither the instance type nor the count: DescribeEndpoint gives the current
 * count per variant and the config's name, DescribeEndpointConfig the instance type per variant.
 */
export async function describeEndpoint(scope: RegionScope, name: string): Promise<BillableResource> {
    const sagemaker = scope.client(SageMakerClient);
    const endpoint = await sagemaker.send(new DescribeEndpointCommand({ EndpointName: name }));
    const config = endpoint.EndpointConfigName
        ? await sagemaker.send(new DescribeEndpointConfigCommand({ EndpointConfigName: endpoint.EndpointConfigName }))
        : undefined;
    const state = endpoint.EndpointStatus ?? "unknown";
    const variants = (config?.ProductionVariants ?? []).map((variant) => {
        const current = endpoint.ProductionVariants?.find((v) => v.VariantName === variant.VariantName);
        // A serverless variant has no instance type and bills per request, not per hour.
        return { size: variant.InstanceType, count: variant.InstanceType ? current?.CurrentInstanceCount ?? variant.InitialInstanceCount ?? 0 : 0 };
    });
    const count = variants.reduce((sum, v) => sum + v.count, 0);
    return {
        ...located(scope, "sagemaker-endpoint", name),
        arn: endpoint.EndpointArn,
        ...(variants.length === 1 && variants[0].size ? { size: variants[0].size } : {}),
        state,
        billing: !ENDPOINT_IDLE.has(state) && count > 0,
        since: isoDate(endpoint.CreationTime),
        count,
        ...(variants.length > 1 ? { variants } : {}),
    };
}

function notebookResource(scope: RegionScope, notebook: NotebookInstanceSummary): BillableResource {
    const state = notebook.NotebookInstanceStatus ?? "unknown";
    return {
        ...located(scope, "sagemaker-notebook", notebook.NotebookInstanceName ?? ""),
        arn: notebook.NotebookInstanceArn,
        size: notebook.InstanceType,
        state,
        billing: NOTEBOOK_BILLING.has(state),
        since: isoDate(notebook.CreationTime),
    };
}

export async function listNotebooks(scope: RegionScope, name?: string): Promise<BillableResource[]> {
    const notebooks = await collect(paginateListNotebookInstances({ client: scope.client(SageMakerClient) }, name ? { NameContains: name } : {}),
        (p) => p.NotebookInstances);
    return notebooks.filter((n) => !name || n.NotebookInstanceName === name).map((n) => notebookResource(scope, n));
}

export const sageMakerListers: Lister[] = [
    {
        what: "SageMaker endpoints",
        kinds: ["sagemaker-endpoint"],
        list: async (scope) => {
            const endpoints = await collect(paginateListEndpoints({ client: scope.client(SageMakerClient) }, {}), (p) => p.Endpoints);
            return mapPool(endpoints, DESCRIBE_CONCURRENCY, (e) => describeEndpoint(scope, e.EndpointName ?? ""));
        },
    },
    { what: "SageMaker notebook instances", kinds: ["sagemaker-notebook"], list: (scope) => listNotebooks(scope) },
];
