import * as pulumi from "@pulumi/pulumi";
import * as settings from "@pulumi/pulumi/runtime/settings";
import { createHash } from "crypto";

import { PROJECT_NAME } from "../../infra/project-root";
import { MOCK_ORGANIZATION } from "./aws-rules/world";

export { MOCK_ORGANIZATION };

/** The resource options the engine acts on, as the SDK sent them in the registration request. */
export interface DeclaredOptions {
    /** URNs of every resource this one depends on (dependsOn and the resources its inputs came from). */
    dependencies: string[];
    parent: string;
    customTimeouts: { create?: string; update?: string; delete?: string };
    retainOnDelete: boolean;
    deletedWith: string;
    ignoreChanges: string[];
    /** The `import` option: the id of an existing resource to adopt. */
    importId: string;
}

/** A resource as the program declared it, seen through Pulumi's mock monitor. */
export interface DeclaredResource {
    type: string;
    name: string;
    urn: string;
    inputs: Record<string, any>;
    /** False for component resources. */
    custom: boolean;
    id: string;
    state: Record<string, any>;
    options: DeclaredOptions;
}

/** Lets a caller (the mock engine) answer a registration with ids and state of its own. */
export type ResourceAnswer = (args: pulumi.runtime.MockResourceArgs & { urn: string; options: DeclaredOptions }) =>
    { id: string; state: Record<string, any> } | undefined;

function digits(text: string, length: number): string {
    const hex = createHash("sha256").update(text).digest("hex");
    return (BigInt(`0x${hex}`) % 10n ** BigInt(length)).toString().padStart(length, "0");
}
function alnum(text: string, length: number): string {
    return BigInt(`0x${createHash("sha256").update(text).digest("hex")}`).toString(36).slice(0, length);
}

/**
 * What AWS would return for each resource, deterministic per resource name: running the
 * same roster twice yields the same account ids, as a real stack's second `up` would.
 */
export function mockState(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, any> } {
    const { type, name, inputs } = args;
    switch (type) {
        case "aws:organizations/account:Account": {
            const id = digits(`account:${name}`, 12);
            return { id, state: { ...inputs, arn: `arn:aws:organizations::111111111111:account/o-exampleorg1/${id}`, status: "ACTIVE" } };
        }
        case "aws:organizations/organizationalUnit:OrganizationalUnit":
            return { id: `ou-ab12-${alnum(name, 8)}`, state: inputs };
        case "aws:organizations/policy:Policy": {
            const id = `p-${alnum(name, 8)}`;
            return { id, state: { ...inputs, arn: `arn:aws:organizations::111111111111:policy/o-exampleorg1/service_control_policy/${id}` } };
        }
        case "aws:identitystore/user:User":
            return { id: `${inputs.identityStoreId}/u-${alnum(name, 12)}`, state: { ...inputs, userId: `u-${alnum(name, 12)}` } };
        case "aws:identitystore/group:Group":
            return { id: `g-${alnum(name, 12)}`, state: { ...inputs, groupId: `g-${alnum(name, 12)}` } };
        case "aws:ssoadmin/permissionSet:PermissionSet":
            return { id: `ps-${alnum(name, 16)}`, state: { ...inputs, arn: `arn:aws:sso:::permissionSet/ssoins-0123456789abcdef/ps-${alnum(name, 16)}` } };
        case "aws:iam/role:Role":
            return { id: inputs.name ?? name, state: { ...inputs, arn: `arn:aws:iam::111111111111:role/${inputs.name ?? name}` } };
        case "aws:iam/accessKey:AccessKey":
            return { id: `AKIA${alnum(name, 16).toUpperCase()}`, state: { ...inputs, secret: `secret-${alnum(name, 30)}` } };
        case "aws:sns/topic:Topic":
            return { id: inputs.name, state: { ...inputs, arn: `arn:aws:sns:us-east-1:111111111111:${inputs.name}` } };
        case "aws:dynamodb/table:Table":
            return { id: inputs.name, state: { ...inputs, arn: `arn:aws:dynamodb:us-east-1:111111111111:table/${inputs.name}` } };
        case "aws:cloudwatch/logGroup:LogGroup":
            return { id: inputs.name, state: { ...inputs, arn: `arn:aws:logs:us-east-1:111111111111:log-group:${inputs.name}` } };
        case "aws:apigatewayv2/api:Api": {
            const id = alnum(name, 10);
            return { id, state: { ...inputs, apiEndpoint: `https://${id}.execute-api.us-east-1.amazonaws.com`, executionArn: `arn:aws:execute-api:us-east-1:111111111111:${id}` } };
        }
        case "aws:lambda/function:Function": {
            const arn = `arn:aws:lambda:us-east-1:111111111111:function:${inputs.name}`;
            return { id: inputs.name, state: { ...inputs, arn, invokeArn: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${arn}/invocations` } };
        }
        case "random:index/randomPassword:RandomPassword":
            return { id: name, state: { ...inputs, result: alnum(`password:${name}`, inputs.length ?? 16).padEnd(inputs.length ?? 16, "0") } };
        case "random:index/randomString:RandomString": {
            // Letters and digits in the cases the inputs allow (lower: false gives upper case only).
            const result = alnum(`suffix:${name}${inputs.keepers ? `:${JSON.stringify(inputs.keepers)}` : ""}`, inputs.length ?? 8).padEnd(inputs.length ?? 8, "0");
            return { id: name, state: { ...inputs, result: inputs.lower === false ? result.toUpperCase() : result } };
        }
        default:
            return { id: `${name}-id`, state: inputs };
    }
}

/** Answers invokes; `calls` lets a caller (the mock engine) answer from its world first. */
export type CallAnswer = (args: pulumi.runtime.MockCallArgs) => Record<string, any> | undefined;

/** The OUs under the root when no world is given: the instructor's "Suspended" OU from the README setup. */
export const MOCK_SUSPENDED_OU = { id: "ou-ab12-suspend1", name: "Suspended" };

function mockCall(args: pulumi.runtime.MockCallArgs): Record<string, any> {
    if (args.token === "aws:organizations/getOrganization:getOrganization") return MOCK_ORGANIZATION;
    if (args.token === "aws:organizations/getOrganizationalUnits:getOrganizationalUnits") {
        return { parentId: args.inputs.parentId, children: args.inputs.parentId === MOCK_ORGANIZATION.roots[0].id ? [{ ...MOCK_SUSPENDED_OU, arn: "" }] : [] };
    }
    throw new Error(`no mock for invoke ${args.token}`);
}

interface RegisterRequest {
    getType(): string; getName(): string; getParent(): string; getDependenciesList(): string[];
    getCustomtimeouts(): { getCreate(): string; getUpdate(): string; getDelete(): string } | undefined;
    getRetainondelete(): boolean; getDeletedwith(): string; getIgnorechangesList(): string[]; getImportid(): string;
}

function declaredOptions(req: RegisterRequest): DeclaredOptions {
    const timeouts = req.getCustomtimeouts();
    return {
        dependencies: req.getDependenciesList(),
        parent: req.getParent(),
        customTimeouts: timeouts ? {
            ...(timeouts.getCreate() ? { create: timeouts.getCreate() } : {}),
            ...(timeouts.getUpdate() ? { update: timeouts.getUpdate() } : {}),
            ...(timeouts.getDelete() ? { delete: timeouts.getDelete() } : {}),
        } : {},
        retainOnDelete: req.getRetainondelete() ?? false,
        deletedWith: req.getDeletedwith(),
        ignoreChanges: req.getIgnorechangesList(),
        importId: req.getImportid(),
    };
}

const SECRET_SIG = { key: "4dabf18193072939515e22adb298388d", value: "1b47061264138c4ac30d75fd1eb44270" };

/**
 * Inputs as a provider receives them: secret markers removed (providers that do not accept secrets,
 * dynamic ones among them, get plain values; the state keeps them encrypted).
 */
function unsecret<T>(value: T): T {
    if (Array.isArray(value)) return value.map(unsecret) as T;
    if (value && typeof value === "object") {
        const record = value as Record<string, unknown>;
        if (record[SECRET_SIG.key] === SECRET_SIG.value) return unsecret(record.value) as T;
        return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, unsecret(v)])) as T;
    }
    return value;
}

/** Resolves a Pulumi output under mocks (secrets included). */
export function resolve<T>(value: pulumi.Input<T> | undefined): Promise<T> {
    return new Promise((done) => pulumi.output(value).apply((v) => { done(v as T); return v; }));
}

/**
 * Runs a program under Pulumi's unit-test mocks and returns every resource it declared and
 * its resolved results. `disconnect` drains the engine queue, so registrations that no output
 * depends on (attachments, alarms) are counted too.
 */
export async function runUnderMocks<T>(
    program: () => T | Promise<T>,
    options: {
        project?: string; stack?: string; preview?: boolean; config?: Record<string, string>;
        answer?: ResourceAnswer; call?: CallAnswer;
    } = {},
): Promise<{ resources: DeclaredResource[]; result: T }> {
    const resources: DeclaredResource[] = [];
    const project = options.project ?? PROJECT_NAME;
    // The mock monitor passes only type, name and inputs to newResource; the rest of the request
    // (dependencies, timeouts, retainOnDelete, import...) is read here, just before it does.
    let pending: { urn: string; options: DeclaredOptions } | undefined;
    await pulumi.runtime.setMocks({
        newResource(args) {
            const { urn, options: declared } = pending!;
            const plain = { ...args, inputs: unsecret(args.inputs) };
            const { id, state } = options.answer?.({ ...plain, urn, options: declared }) ?? mockState(plain);
            resources.push({ type: args.type, name: args.name, urn, inputs: plain.inputs, custom: args.custom ?? true, id, state, options: declared });
            return { id, state };
        },
        call: (args) => options.call?.(args) ?? mockCall(args),
    }, project, options.stack ?? "test", options.preview ?? false);
    const monitor = settings.getMonitor() as unknown as {
        registerResource(req: RegisterRequest, callback: unknown): unknown;
        newUrn(parent: string, type: string, name: string): string;
    };
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, callback) => {
        pending = { urn: monitor.newUrn(req.getParent(), req.getType(), req.getName()), options: declaredOptions(req) };
        return register(req, callback);
    };
    pulumi.runtime.setAllConfig(Object.fromEntries(
        Object.entries(options.config ?? {}).map(([k, v]) => [k.includes(":") ? k : `${project}:${k}`, v])));
    // An exception in an apply (a failed lookup) fails a real Pulumi program; under mocks it only
    // surfaces as unhandled rejections of the registrations that waited on it.
    const failures: unknown[] = [];
    const onRejection = (reason: unknown) => failures.push(reason);
    process.on("unhandledRejection", onRejection);
    try {
        const result = await program();
        await pulumi.runtime.disconnect();
        await new Promise((done) => setImmediate(done));
        if (failures.length > 0) throw new Error(`the program failed: ${(failures[0] as Error).message ?? String(failures[0])}`, { cause: failures[0] });
        return { resources, result };
    } finally {
        process.off("unhandledRejection", onRejection);
    }
}

export function ofType(resources: DeclaredResource[], type: string): DeclaredResource[] {
    return resources.filter((r) => r.type === type);
}
