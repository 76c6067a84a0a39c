import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";

import type { SelfRegistrationSettings } from "../config";
import { registrationBundlePath } from "./bundle";
import { settingsEnvironment } from "./handler/settings";
import { RECORD_KEYS, TABLE_KEY, TTL_ATTRIBUTE } from "./records";
import { workshopCodeHash } from "./workshop-code";

export interface WorkshopRegistrationArgs {
    workshopName: string;
    instructorEmail: string;
    maxStudents: number;
    /** Students the roster lists now: with the confirmed registrations, what counts against maxStudents. */
    rosterStudents: number;
    settings: SelfRegistrationSettings;
    /** The function's bundle (`npm run build`); tests pass their own. */
    bundlePath?: string;
}

/**
 * The routes the page has, with their throttling (requests per second, burst). API Gateway answers
 * 429 above it without invoking the function: a flood costs $1 per million requests, no Lambda time,
 * no email. https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html
 */
export const REGISTRATION_ROUTES = [
    { routeKey: "GET /", rate: 5, burst: 10 },
    { routeKey: "POST /", rate: 1, burst: 5 },
    { routeKey: "GET /confirm", rate: 5, burst: 10 },
    { routeKey: "POST /confirm", rate: 1, burst: 5 },
] as const;

/**
 * The self-registration page (README: "Self-registration"): an API Gateway HTTP API with per-route
 * throttling in front of one function, a DynamoDB table (on demand, TTL) for registrations, and the
 * workshop code. The page creates nothing for a student in AWS; `roster pull` brings confirmed
 * registrations into the roster, and `up` does the rest as for any student.
 *
 * An HTTP API rather than a Lambda function URL: a function URL has no request throttling of its
 * own, only the function's reserved concurrency, which new accounts (concurrency quota 10) cannot
 * set at all; route throttling stops a flood before it reaches the function.
 */
export class WorkshopRegistration extends pulumi.ComponentResource {
    readonly url: pulumi.Output<string>;
    /** Secret: the state keeps it encrypted. */
    readonly code: pulumi.Output<string>;
    readonly tableName: pulumi.Output<string>;
    readonly region: pulumi.Output<string>;

    constructor(name: string, args: WorkshopRegistrationArgs, opts?: pulumi.ComponentResourceOptions) {
        super("workshop-accounts:index:WorkshopRegistration", name, {}, opts);
        const parent = { parent: this };
        const { settings, workshopName } = args;
        const tags = { workshop: workshopName };

        // A new generation (`registration rotate-code`) replaces the code.
        const code = new random.RandomString(`${name}-code`, {
            length: 8, upper: true, lower: false, numeric: true, special: false, keepers: { generation: settings.codeGeneration },
        }, parent);
        const hashKey = new random.RandomPassword(`${name}-source-hash-key`, { length: 32, special: false }, parent);

        const table = new aws.dynamodb.Table(`${name}-table`, {
            name: `${workshopName}-registrations`,
            billingMode: "PAY_PER_REQUEST",
            hashKey: TABLE_KEY,
            attributes: [{ name: TABLE_KEY, type: "S" }],
            ttl: { attributeName: TTL_ATTRIBUTE, enabled: true },
            tags,
        }, parent);
        // What the roster holds at this `up`; `roster pull` rewrites it after merging.
        new aws.dynamodb.TableItem(`${name}-roster-size`, {
            tableName: table.name,
            hashKey: TABLE_KEY,
            item: JSON.stringify({ [TABLE_KEY]: { S: RECORD_KEYS.roster }, students: { N: String(args.rosterStudents) } }),
        }, parent);

        const api = new aws.apigatewayv2.Api(`${name}-api`, { name: `${workshopName}-registration`, protocolType: "HTTP", tags }, parent);
        const functionName = `${workshopName}-registration`;
        const logGroup = new aws.cloudwatch.LogGroup(`${name}-logs`, { name: `/aws/lambda/${functionName}`, retentionInDays: 7, tags }, parent);
        const role = new aws.iam.Role(`${name}-function-role`, {
            name: `${workshopName}-registration`,
            assumeRolePolicy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
            }),
            tags,
        }, parent);
        // The table's ARN names the region and account the function runs in, where SES must send from.
        const [region, account] = [3, 4].map((i) => table.arn.apply((arn) => arn.split(":")[i]));
        const policy = new aws.iam.RolePolicy(`${name}-function-policy`, {
            role: role.id,
            policy: pulumi.all([table.arn, logGroup.arn, region, account]).apply(([tableArn, logArn, r, a]) => JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    { Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"], Resource: tableArn },
                    { Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${logArn}:*` },
                    {
                        // Only the workshop's sender, and only to the allowed domains when there are some.
                        Effect: "Allow", Action: "ses:SendEmail", Resource: `arn:aws:ses:${r}:${a}:identity/*`,
                        Condition: {
                            StringEquals: { "ses:FromAddress": settings.senderEmail },
                            ...(settings.emailDomains.length > 0
                                ? { "ForAllValues:StringLike": { "ses:Recipients": settings.emailDomains.map((d) => `*@${d}`) } } : {}),
                        },
                    },
                ],
            })),
        }, parent);

        const fn = new aws.lambda.Function(`${name}-function`, {
            name: functionName,
            runtime: aws.lambda.Runtime.NodeJS22dX,
            architectures: ["arm64"],
            handler: "index.handler",
            code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.FileAsset(args.bundlePath ?? registrationBundlePath()) }),
            role: role.arn,
            memorySize: 256,
            timeout: 10,
            environment: {
                variables: pulumi.all([table.name, api.apiEndpoint, code.result, hashKey.result]).apply(([tableName, endpoint, codeValue, key]) =>
                    settingsEnvironment({
                        tableName, workshopName, publicUrl: endpoint, codeHash: workshopCodeHash(codeValue), hashKey: key,
                        sender: settings.senderEmail, instructorEmail: args.instructorEmail, maxStudents: args.maxStudents,
                        ...(settings.closesAt ? { closesAt: settings.closesAt } : {}), emailDomains: settings.emailDomains,
                        sourceHourlyCap: settings.sourceHourlyCap, globalHourlyCap: settings.hourlyCap,
                    })),
            },
            tags,
        }, { ...parent, dependsOn: [logGroup, policy] });

        const integration = new aws.apigatewayv2.Integration(`${name}-integration`, {
            apiId: api.id, integrationType: "AWS_PROXY", integrationUri: fn.arn, payloadFormatVersion: "2.0",
        }, parent);
        const routes = REGISTRATION_ROUTES.map((route) => new aws.apigatewayv2.Route(`${name}-${route.routeKey.replace(/[^A-Za-z]+/g, "-").toLowerCase().replace(/-$/, "")}`, {
            apiId: api.id, routeKey: route.routeKey, target: pulumi.interpolate`integrations/${integration.id}`,
        }, parent));
        new aws.apigatewayv2.Stage(`${name}-stage`, {
            apiId: api.id,
            name: "$default",
            autoDeploy: true,
            // Anything not listed below (no other route exists) gets the tightest limits.
            defaultRouteSettings: { throttlingRateLimit: 1, throttlingBurstLimit: 5 },
            routeSettings: REGISTRATION_ROUTES.map((route) => ({ routeKey: route.routeKey, throttlingRateLimit: route.rate, throttlingBurstLimit: route.burst })),
            tags,
        }, { ...parent, dependsOn: routes });
        new aws.lambda.Permission(`${name}-invoke`, {
            action: "lambda:InvokeFunction", function: fn.name, principal: "apigateway.amazonaws.com",
            sourceArn: pulumi.interpolate`${api.executionArn}/*/*`,
        }, parent);

        this.url = pulumi.interpolate`${api.apiEndpoint}/`;
        this.code = pulumi.secret(code.result);
        this.tableName = table.name;
        this.region = region;
        this.registerOutputs({ url: this.url, tableName: this.tableName });
    }
}
