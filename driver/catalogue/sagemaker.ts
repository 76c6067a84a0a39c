import {
    DeleteEndpointCommand, DescribeEndpointCommand, DescribeEndpointConfigCommand, type NotebookInstanceSummary,
    paginateListEndpoints, paginateListNotebookInstances, SageMakerClient, StopNotebookInstanceCommand,
} from "@aws-sdk/client-sagemaker";

import type { RegionScope } from "../aws/region-scope";
import type { BillableResource } from "../inventory/billable";
import { collect, isoDate, type Lister,located } from "../inventory/lister";
import { mapPool } from "../promise-pool";
import { type CatalogueEntry, labelOf, orGone, priced } from "./entry";

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

const endpointsLister: Lister = {
    what: "SageMaker endpoints",
    kinds: ["sagemaker-endpoint"],
    list: async (scope) => {
        const endpoints = await collect(paginateListEndpoints({ client: scope.client(SageMakerClient) }, {}), (p) => p.Endpoints);
        return mapPool(endpoints, DESCRIBE_CONCURRENCY, (e) => describeEndpoint(scope, e.EndpointName ?? ""));
    },
};
const notebooksLister: Lister = { what: "SageMaker notebook instances", kinds: ["sagemaker-notebook"], list: (scope) => listNotebooks(scope) };

export const sageMakerEntries: CatalogueEntry[] = [
    {
        kind: "sagemaker-endpoint",
        listedBy: endpointsLister,
        pricing: (endpoint) => {
            // Several production variants each run their own instance type.
            const variants = endpoint.variants ?? (endpoint.size ? [{ size: endpoint.size, count: endpoint.count ?? 1 }] : []);
            if (variants.length === 0 || variants.some((v) => v.count > 0 && !v.size)) return priced.unknown(endpoint, "the inventory gave no instance type of every variant");
            return { kind: "parts", label: labelOf(endpoint), parts: variants.filter((v) => v.count > 0)
                .map((v) => ({ query: { kind: "sagemaker", region: endpoint.region, instanceType: v.size!, use: "hosting" }, quantity: v.count })) };
        },
        freeze: {
            // Its endpoint config and model are kept: CreateEndpoint brings it back.
            verb: "delete", api: "sagemaker:DeleteEndpoint",
            stop: async (scope, endpoint) => {
                await scope.client(SageMakerClient).send(new DeleteEndpointCommand({ EndpointName: endpoint.id }));
                return "done";
            },
            current: (scope, endpoint) => orGone(async () => [await describeEndpoint(scope, endpoint.id)]),
        },
    },
    {
        kind: "sagemaker-notebook",
        listedBy: notebooksLister,
        pricing: (notebook) => (notebook.size ? priced.one(notebook, { kind: "sagemaker", region: notebook.region, instanceType: notebook.size, use: "notebook" })
            : priced.unknown(notebook, "the inventory gave no instance type")),
        freeze: {
            verb: "stop", api: "sagemaker:StopNotebookInstance",
            stop: async (scope, notebook) => {
                await scope.client(SageMakerClient).send(new StopNotebookInstanceCommand({ NotebookInstanceName: notebook.id }));
                return "done";
            },
            current: (scope, notebook) => orGone(() => listNotebooks(scope, notebook.id)),
        },
    },
];
