import {
    getDenialReasons, getGrantReasons, runSimulation,
    type EvaluationResult, type RequestAnalysis, type Simulation,
} from "@cloud-copilot/iam-simulate";
import { loadPolicyTemplate, renderPolicy, type PolicyDocument, type PolicyVariables } from "../../infra/policy-documents";

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
 * key that does not exist, a resource ARN the action does not take) is an error, not a denial:
 * a guardrail "proven" against a request AWS would never send proves nothing. A "*" resource of
 * an action with optional resource types comes back as one result per type; all must agree.
 */
export async function simulate(simulation: Simulation): Promise<Verdict> {
    const response = await runSimulation(simulation, {});
    if (response.resultType === "error") {
        throw new Error(`the simulator rejected the request: ${JSON.stringify(response.errors, null, 2)}`);
    }
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
