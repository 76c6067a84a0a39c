import { DescribeTableCommand, DynamoDBClient, paginateListTables, type TableDescription, UpdateTableCommand } from "@aws-sdk/client-dynamodb";

import type { RegionScope } from "../aws/region-scope";
import type { BillableResource } from "../inventory/billable";
import { collect, describeEach, isoDate, type Lister, located } from "../inventory/lister";
import { type CatalogueEntry, labelOf, orGone, priced } from "./entry";


function tableResource(scope: RegionScope, table: TableDescription): BillableResource {
    // A table created before billing modes existed has no summary and is provisioned.
    const mode = table.BillingModeSummary?.BillingMode === "PAY_PER_REQUEST" ? "on-demand" : "provisioned";
    const indexes = table.GlobalSecondaryIndexes ?? [];
    const units = (pick: "ReadCapacityUnits" | "WriteCapacityUnits") => mode === "on-demand" ? 0
        : (table.ProvisionedThroughput?.[pick] ?? 0) + indexes.reduce((sum, i) => sum + (i.ProvisionedThroughput?.[pick] ?? 0), 0);
    const state = table.TableStatus ?? "unknown";
    return {
        ...located(scope, "dynamodb-table", table.TableName ?? ""),
        arn: table.TableArn,
        size: table.TableClassSummary?.TableClass ?? "STANDARD",
        state,
        // Provisioned capacity bills per hour whether used or not (https://aws.amazon.com/dynamodb/pricing/provisioned/); on-demand per request.
        billing: mode === "provisioned" && state !== "DELETING" && units("ReadCapacityUnits") + units("WriteCapacityUnits") > 0,
        since: isoDate(table.CreationDateTime),
        capacityMode: mode,
        readUnits: units("ReadCapacityUnits"),
        writeUnits: units("WriteCapacityUnits"),
    };
}

async function describeTable(scope: RegionScope, name: string): Promise<BillableResource[]> {
    const answer = await scope.client(DynamoDBClient).send(new DescribeTableCommand({ TableName: name }));
    return answer.Table ? [tableResource(scope, answer.Table)] : [];
}

/** ListTables gives names only: each table's capacity comes from DescribeTable. */
const tablesLister: Lister = {
    what: "DynamoDB tables",
    kinds: ["dynamodb-table"],
    list: async (scope) => {
        const names = await collect(paginateListTables({ client: scope.client(DynamoDBClient) }, {}), (p) => p.TableNames);
        return describeEach(names, (name) => describeTable(scope, name));
    },
};

export const dynamoDbEntries: CatalogueEntry[] = [
    {
        kind: "dynamodb-table",
        listedBy: tablesLister,
        pricing: (table) => {
            if (table.size !== "STANDARD") return priced.unknown(table, `table class ${table.size}: only Standard capacity prices are looked up`);
            const { region } = table;
            return {
                kind: "parts", label: labelOf(table), parts: [
                    { query: { kind: "dynamodb", region, capacity: "read" }, quantity: table.readUnits ?? 0 },
                    { query: { kind: "dynamodb", region, capacity: "write" }, quantity: table.writeUnits ?? 0 },
                ],
            };
        },
        freeze: {
            // Keeps every item and index; on-demand bills only the requests the frozen account can no longer make.
            // A table may switch to on-demand a few times a day (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/capacity-mode.html).
            verb: "switch to on-demand", api: "dynamodb:UpdateTable",
            stop: async (scope, table) => {
                await scope.client(DynamoDBClient).send(new UpdateTableCommand({ TableName: table.id, BillingMode: "PAY_PER_REQUEST" }));
                return "done";
            },
            current: (scope, table) => orGone(() => describeTable(scope, table.id)),
        },
    },
];
