import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SESv2Client } from "@aws-sdk/client-sesv2";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";

import { handleRegistrationRequest, type RegistrationDeps } from "./app";
import { registrationDeps } from "./deps";
import { settingsFromEnvironment } from "./settings";

/**
 * The function's entry (esbuild bundles this file with the SDK clients it uses, build/bundle-lambda.js:
 * the code that runs is the version tested here, whatever SDK the runtime carries). Clients are made
 * once per execution environment.
 */
let deps: RegistrationDeps | undefined;

export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
    // SES in the function's own region: the sender must be a verified identity there.
    deps ??= registrationDeps(settingsFromEnvironment(process.env), { dynamodb: new DynamoDBClient({}), ses: new SESv2Client({}) });
    return handleRegistrationRequest(event, deps);
}
