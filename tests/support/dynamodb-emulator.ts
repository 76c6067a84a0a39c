import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type * as http from "http";
import type { AddressInfo } from "net";

import { TABLE_KEY } from "../../infra/registration/records";

// dynalite has no type declarations: a function that returns an http.Server serving DynamoDB's API.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dynalite = require("dynalite") as (options: { createTableMs?: number; deleteTableMs?: number }) => http.Server;

export interface DynamoDbEmulator {
    /** http://127.0.0.1:<port>, for DynamoDBClient's `endpoint` or AWS_ENDPOINT_URL_DYNAMODB. */
    endpoint: string;
    client(): DynamoDBClient;
    /** A new table laid out as infra/registration/registration.ts declares it (string key `pk`, on demand). */
    createRegistrationTable(name: string): Promise<void>;
    stop(): Promise<void>;
}

export const EMULATOR_CREDENTIALS = { accessKeyId: "test", secretAccessKey: "test" };

/**
 * dynalite, in this process, on a free loopback port. It answers DynamoDB's wire protocol with its
 * conditions, ADD and Scan filters, but no TTL deletion: as in AWS, where TTL deletes within days
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/howitworks-ttl.html), the code
 * must check expiry itself.
 */
export async function startDynamoDbEmulator(): Promise<DynamoDbEmulator> {
    const server = dynalite({ createTableMs: 0, deleteTableMs: 0 });
    await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => resolve());
    });
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const client = () => new DynamoDBClient({ endpoint, region: "us-east-1", credentials: EMULATOR_CREDENTIALS });
    return {
        endpoint,
        client,
        async createRegistrationTable(name) {
            await client().send(new CreateTableCommand({
                TableName: name,
                AttributeDefinitions: [{ AttributeName: TABLE_KEY, AttributeType: "S" }],
                KeySchema: [{ AttributeName: TABLE_KEY, KeyType: "HASH" }],
                BillingMode: "PAY_PER_REQUEST",
            }));
        },
        stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
}
