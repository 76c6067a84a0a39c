import { MAX_ACCOUNT_EMAIL_LENGTH,rootEmailOverhead } from "./roster/naming";
import { isValidEmail } from "./roster/validate";
import { parseBudgetUsd } from "./rules/budget-amount";
import { GATED_SERVICES, isGatedServiceId } from "./rules/gated-services";

/** An organizational unit id (API_OrganizationalUnit.html: ^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$). */
export const OU_ID_PATTERN = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;

/** Everything the program needs from stack config, checked once at start. */
export interface WorkshopSettings {
    /** Lower-case slug; names the OU, budgets, policies and root emails. */
    workshopName: string;
    instructorEmail: string;
    /** Mailbox whose plus-addresses become account root emails, e.g. aws@instructor.example. */
    rootEmailBase: string;
    identityCenterInstanceArn: string;
    identityStoreId: string;
    accessPortalUrl: string;
    studentBudgetUsd: number;
    /** ACTUAL-spend alert thresholds, in percent of each student's budget. */
    budgetAlertThresholds: number[];
    masterBudgetUsd: number;
    allowedRegions: string[];
    allowedInstanceTypes: string[];
    maxVolumeSizeGiB: number;
    /** Guardrail limits beyond EC2 (scp-compute-limits, scp-service-limits). */
    maxVolumeIops: number;
    allowedDbInstanceClasses: string[];
    allowedSageMakerInstanceTypes: string[];
    /** Largest ECS task (Fargate or EC2), task-level: vCPUs and GiB of memory (scp-compute-limits). */
    maxEcsTaskVcpu: number;
    maxEcsTaskMemoryGiB: number;
    /** Ids from GATED_SERVICES the workshop opens; every other one stays denied. */
    allowedServices: string[];
    permissionSetPolicyArn: string;
    /** ISO 8601 duration of a portal session, e.g. PT8H. */
    sessionDuration: string;
    /** OU or root id the workshop OU is created under; undefined means the organization root. */
    parentOuId?: string;
    maxStudents: number;
    rosterPath: string;
    /** Attach the freeze SCP automatically when a student reaches 100% of their budget. */
    budgetFreeze: boolean;
    /** Budgets net credits and refunds out of spend when true; false tracks gross usage (AWS's default is true). */
    budgetsIncludeCredits: boolean;
    /** The OU closed accounts are parked in; undefined means the OU named "Suspended" under the root. */
    suspendedOuId?: string;
    /** The instructor agrees that Identity Center users who already exist are adopted, not refused. */
    adoptExistingUsers: boolean;
    /** Existing users to adopt (Pulumi import), by lower-case email: their identity store user id. Written by the driver. */
    adoptedUsers: Record<string, string>;
    workshopMode: WorkshopModeSettings;
    labNetwork: LabNetworkSettings;
    registration: SelfRegistrationSettings;
}

export interface WorkshopModeSettings {
    enabled: boolean;
    /** Model ARNs the shared user may invoke; empty means every foundation model. */
    modelArns: string[];
    /** One access key per generation; `keys rotate` appends one, `keys revoke` empties it. IAM allows two. */
    keyGenerations: string[];
}

export interface LabNetworkSettings {
    enabled: boolean;
    cidrBlock: string;
    /** Given explicitly: a lookup through a provider whose role is not known yet crashes preview (pulumi-awsx#961). */
    availabilityZoneNames: string[];
}

/** Students register themselves on a page (infra/registration/); off by default. */
export interface SelfRegistrationSettings {
    enabled: boolean;
    /** Lower-case domains a student's address must be at; empty: any. */
    emailDomains: string[];
    /** Registration refuses from then on; undefined: open until the workshop is full. */
    closesAt?: Date;
    /** Keeper of the workshop code: `registration rotate-code` writes a new one and the code changes. */
    codeGeneration: string;
    /** Confirmation emails one source IP address may ask for in an hour. */
    sourceHourlyCap: number;
    /** Confirmation emails the page sends in an hour, all sources together. */
    hourlyCap: number;
    /** The From address of the confirmation emails: senderEmail, else instructorEmail (as for welcome emails). */
    senderEmail: string;
}

export class ConfigError extends Error {
    constructor(readonly problems: string[]) {
        super(`stack config has ${problems.length} problem(s):\n` + problems.map((p) => `  - ${p}`).join("\n") +
            "\nSet values with `pulumi config set workshop-accounts:<key> <value>` or in Pulumi.<stack>.yaml.");
        this.name = "ConfigError";
    }
}

/** Reads one raw config value by key (without the project namespace); structured values arrive as JSON text. */
export type ConfigSource = (key: string) => string | undefined;

export const DEFAULTS = {
    studentBudgetUsd: 25,
    budgetAlertThresholds: [50, 80, 100],
    allowedRegions: ["us-east-1"],
    allowedInstanceTypes: ["t3.micro", "t3.small", "t3.medium", "t2.micro", "t2.small"],
    maxVolumeSizeGiB: 50,
    // gp3's baseline: provisioned IOPS above it are billed per IOPS-month (io2 up to 256,000).
    maxVolumeIops: 3000,
    // Aurora and DocumentDB start at *.medium.
    allowedDbInstanceClasses: ["db.t3.micro", "db.t3.small", "db.t3.medium", "db.t4g.micro", "db.t4g.small", "db.t4g.medium"],
    // "system" is the free instance of Studio's Jupyter server.
    allowedSageMakerInstanceTypes: ["ml.t3.medium", "ml.t3.large", "ml.m5.large", "system"],
    // A Fargate task of 1 vCPU and 4 GB costs about $0.06 an hour (https://aws.amazon.com/fargate/pricing/).
    maxEcsTaskVcpu: 1,
    maxEcsTaskMemoryGiB: 4,
    allowedServices: [],
    permissionSetPolicyArn: "arn:aws:iam::aws:policy/PowerUserAccess",
    sessionDuration: "PT8H",
    maxStudents: 50,
    rosterPath: "roster.yaml",
    labNetworkCidr: "10.0.0.0/16",
} as const;

const WORKSHOP_NAME = /^[a-z0-9](?:[a-z0-9-]{0,22}[a-z0-9])?$/;
const REGION = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/;
const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9*]+$/;
const DB_INSTANCE_CLASS = /^db\.[a-z0-9*-]+(\.[a-z0-9*]+)?$/;
const SAGEMAKER_INSTANCE_TYPE = /^(ml\.[a-z0-9-]+\.[a-z0-9*]+|system)$/;
/**
 * What AttachManagedPolicyToPermissionSet accepts (ManagedPolicyArn: `arn:(aws|aws-us-gov|aws-cn|aws-iso|aws-iso-b):iam::aws:policy/...`,
 * AWS managed policies only), with IAM's own path and policy-name patterns for the rest: a stray quote or
 * space passed the old check and AWS refused it half-way through `up`.
 * https://docs.aws.amazon.com/singlesignon/latest/APIReference/API_AttachManagedPolicyToPermissionSet.html
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_Policy.html (Path, PolicyName)
 */
const MANAGED_POLICY_ARN = /^arn:(aws|aws-us-gov|aws-cn|aws-iso|aws-iso-b):iam::aws:policy(\/[A-Za-z0-9.,+@=_-]+)*\/[\w+=,.@-]{1,128}$/;
/** The live meter's freeze thresholds: read by the driver only, checked here so `up` refuses a bad one like every other key. */
export const LIVE_FREEZE_CONFIG = "liveFreezeAtUsd";
export const SHARED_KEY_FREEZE_CONFIG = "liveFreezeSharedKeyAtUsd";
const ISO_DURATION = /^PT(?:([1-9]|1[0-2])H)?(?:(\d{1,3})M)?$/;

/**
 * Turns raw stack config into typed settings, collecting every problem so one run shows them all.
 * Pure: tests and the driver call it with a plain lookup function.
 */
export function parseWorkshopConfig(get: ConfigSource): WorkshopSettings {
    const problems: string[] = [];
    const text = (key: string, required = false): string | undefined => {
        const value = get(key)?.trim();
        if (!value && required) problems.push(`${key} is required`);
        return value || undefined;
    };
    const number = (key: string, fallback: number, check: (n: number) => boolean, rule: string): number => {
        const raw = text(key);
        if (raw === undefined) return fallback;
        const n = Number(raw);
        if (!Number.isFinite(n) || !check(n)) problems.push(`${key} must be ${rule}, got "${raw}"`);
        return n;
    };
    const list = (key: string, fallback: readonly string[]): string[] => {
        const raw = text(key);
        if (raw === undefined) return [...fallback];
        if (raw.startsWith("[")) {
            try {
                const parsed: unknown = JSON.parse(raw);
                if (Array.isArray(parsed)) return parsed.map((v) => String(v).trim());
            } catch { /* reported below */ }
            problems.push(`${key} must be a list, got "${raw}"`);
            return [];
        }
        return raw.split(",").map((v) => v.trim()).filter(Boolean);
    };
    const budget = (key: string, fallback: number): number => {
        const raw = text(key);
        if (raw === undefined) return fallback;
        const parsed = parseBudgetUsd(raw, key);
        if (parsed.problem) problems.push(parsed.problem);
        return parsed.usd ?? Number(raw);
    };
    const flag = (key: string): boolean => {
        const raw = text(key);
        if (raw === undefined) return false;
        if (!/^(true|false)$/i.test(raw)) problems.push(`${key} must be true or false, got "${raw}"`);
        return raw.toLowerCase() === "true";
    };

    const workshopName = text("workshopName", true) ?? "";
    if (workshopName && !WORKSHOP_NAME.test(workshopName)) {
        problems.push(`workshopName must be 1-24 lower-case letters, digits or dashes (it goes into root emails), got "${workshopName}"`);
    }
    const instructorEmail = text("instructorEmail", true) ?? "";
    if (instructorEmail && !isValidEmail(instructorEmail)) problems.push(`instructorEmail "${instructorEmail}" is not a valid email`);
    const rootEmailBase = text("rootEmailBase", true) ?? "";
    if (rootEmailBase && (!isValidEmail(rootEmailBase) || rootEmailBase.includes("+"))) {
        problems.push(`rootEmailBase must be a plain mailbox without "+", e.g. aws@your-domain.example, got "${rootEmailBase}"`);
    } else if (rootEmailBase && workshopName && rootEmailOverhead(rootEmailBase, workshopName) > MAX_ACCOUNT_EMAIL_LENGTH) {
        problems.push(`rootEmailBase and workshopName together leave no room for the student in a ${MAX_ACCOUNT_EMAIL_LENGTH}-character root email; shorten one of them`);
    }

    const identityCenterInstanceArn = text("identityCenterInstanceArn", true) ?? "";
    if (identityCenterInstanceArn && !/^arn:aws[a-z-]*:sso:::instance\/ssoins-[0-9a-f]{16}$/.test(identityCenterInstanceArn)) {
        problems.push(`identityCenterInstanceArn must look like arn:aws:sso:::instance/ssoins-0123456789abcdef, got "${identityCenterInstanceArn}"`);
    }
    const identityStoreId = text("identityStoreId", true) ?? "";
    if (identityStoreId && !/^d-[0-9a-f]{10}$/.test(identityStoreId)) {
        problems.push(`identityStoreId must look like d-0123456789, got "${identityStoreId}"`);
    }
    // The default portal URL is derived from the identity store id; a custom alias can replace it.
    const accessPortalUrl = text("accessPortalUrl") ?? (identityStoreId ? `https://${identityStoreId}.awsapps.com/start` : "");
    if (accessPortalUrl && !/^https:\/\/\S+$/.test(accessPortalUrl)) problems.push(`accessPortalUrl must be an https URL, got "${accessPortalUrl}"`);

    const studentBudgetUsd = budget("studentBudgetUsd", DEFAULTS.studentBudgetUsd);
    const budgetAlertThresholds = list("budgetAlertThresholds", DEFAULTS.budgetAlertThresholds.map(String)).map(Number);
    if (budgetAlertThresholds.length === 0 || budgetAlertThresholds.some((n) => !Number.isFinite(n) || n <= 0 || n > 1000)) {
        problems.push(`budgetAlertThresholds must be percentages between 0 and 1000, e.g. [50, 80, 100]`);
    }
    if (new Set(budgetAlertThresholds).size !== budgetAlertThresholds.length) problems.push("budgetAlertThresholds has a threshold twice");
    // Budgets allows at most 5 notifications per budget; one of them is the FORECASTED 100%.
    if (budgetAlertThresholds.length > 4) problems.push("budgetAlertThresholds may list at most 4 thresholds (AWS Budgets allows 5 notifications, one is the forecast)");
    const maxStudents = number("maxStudents", DEFAULTS.maxStudents, (n) => Number.isInteger(n) && n > 0, "a positive whole number");
    // In whole cents: 10.1 * 3 is 30.299999999999997.
    const masterBudgetUsd = budget("masterBudgetUsd", Math.round(studentBudgetUsd * maxStudents * 100) / 100);

    const allowedRegions = list("allowedRegions", DEFAULTS.allowedRegions);
    if (allowedRegions.length === 0) problems.push("allowedRegions must name at least one region");
    for (const r of allowedRegions.filter((r) => !REGION.test(r))) problems.push(`allowedRegions: "${r}" is not a region name like eu-west-1`);
    // Allow-lists of sizes; "*" matches any run of characters (the SCPs compare with StringNotLike).
    const allowList = (key: "allowedInstanceTypes" | "allowedDbInstanceClasses" | "allowedSageMakerInstanceTypes", pattern: RegExp, noun: string, example: string) => {
        const values = list(key, DEFAULTS[key]);
        if (values.length === 0) problems.push(`${key} must name at least one ${noun}`);
        for (const v of values.filter((v) => !pattern.test(v))) problems.push(`${key}: "${v}" is not ${/^[aeiou]/i.test(noun) ? "an" : "a"} ${noun} like ${example}`);
        return values;
    };
    const allowedInstanceTypes = allowList("allowedInstanceTypes", INSTANCE_TYPE, "instance type", "t3.micro");
    const allowedDbInstanceClasses = allowList("allowedDbInstanceClasses", DB_INSTANCE_CLASS, "DB instance class", "db.t3.micro");
    const allowedSageMakerInstanceTypes = allowList("allowedSageMakerInstanceTypes", SAGEMAKER_INSTANCE_TYPE, "SageMaker instance type", "ml.t3.medium");
    const maxVolumeSizeGiB = number("maxVolumeSizeGiB", DEFAULTS.maxVolumeSizeGiB, (n) => Number.isInteger(n) && n >= 1 && n <= 16384, "a whole number of GiB between 1 and 16384");
    const maxVolumeIops = number("maxVolumeIops", DEFAULTS.maxVolumeIops, (n) => Number.isInteger(n) && n >= 100 && n <= 256000, "a whole number of IOPS between 100 and 256000");
    // ECS sizes tasks in CPU units (1024 per vCPU; Fargate's smallest is 256) and MiB; task-level sizes
    // go up to 192 vCPUs and 1,024 GiB on EC2 (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#task_size).
    const maxEcsTaskVcpu = number("maxEcsTaskVcpu", DEFAULTS.maxEcsTaskVcpu, (n) => n >= 0.25 && n <= 192 && Number.isInteger(n * 8),
        "a number of vCPUs from 0.25 to 192 in steps of 0.125 (ECS counts 1024 CPU units per vCPU)");
    const maxEcsTaskMemoryGiB = number("maxEcsTaskMemoryGiB", DEFAULTS.maxEcsTaskMemoryGiB, (n) => n >= 0.5 && n <= 1024 && Number.isInteger(n * 2),
        "a number of GiB from 0.5 to 1024 in steps of 0.5");
    const allowedServices = list("allowedServices", DEFAULTS.allowedServices);
    for (const id of allowedServices.filter((id) => !isGatedServiceId(id))) {
        problems.push(`allowedServices: "${id}" is not a service the guardrails close; choose from ${Object.keys(GATED_SERVICES).join(", ")}`);
    }

    for (const key of [LIVE_FREEZE_CONFIG, SHARED_KEY_FREEZE_CONFIG]) {
        const raw = text(key);
        const problem = raw === undefined ? undefined : parseBudgetUsd(raw, key).problem;
        if (problem) problems.push(problem);
    }

    const permissionSetPolicyArn = text("permissionSetPolicyArn") ?? DEFAULTS.permissionSetPolicyArn;
    if (!MANAGED_POLICY_ARN.test(permissionSetPolicyArn) || permissionSetPolicyArn.length > 2048) {
        problems.push(`permissionSetPolicyArn must be an AWS managed policy ARN like arn:aws:iam::aws:policy/PowerUserAccess ` +
            `(Identity Center attaches only those by ARN), got "${permissionSetPolicyArn}"`);
    }
    const sessionDuration = text("sessionDuration") ?? DEFAULTS.sessionDuration;
    const duration = ISO_DURATION.exec(sessionDuration);
    if (!duration || sessionDuration === "PT" || (Number(duration[1] ?? 0) * 60 + Number(duration[2] ?? 0)) < 60 ||
        (Number(duration[1] ?? 0) * 60 + Number(duration[2] ?? 0)) > 720) {
        problems.push(`sessionDuration must be an ISO 8601 duration between PT1H and PT12H, got "${sessionDuration}"`);
    }
    const parentOuId = text("parentOuId");
    if (parentOuId && !/^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/.test(parentOuId)) {
        problems.push(`parentOuId must be a root id (r-...) or an OU id (ou-...-...), got "${parentOuId}"`);
    }

    const modelArns = list("workshopModeModelArns", []);
    for (const arn of modelArns.filter((a) => !/^arn:aws[a-z-]*:bedrock:/.test(a))) problems.push(`workshopModeModelArns: "${arn}" is not a Bedrock ARN`);
    const keyGenerations = list("workshopModeKeyGenerations", []);
    if (keyGenerations.length > 2) problems.push("workshopModeKeyGenerations may hold at most 2 keys: IAM allows two access keys per user");
    for (const g of keyGenerations.filter((g) => !/^[A-Za-z0-9-]{1,32}$/.test(g))) problems.push(`workshopModeKeyGenerations: "${g}" must be letters, digits or dashes`);

    const cidrBlock = text("labNetworkCidr") ?? DEFAULTS.labNetworkCidr;
    if (!/^\d{1,3}(\.\d{1,3}){3}\/(1[6-9]|2[0-4])$/.test(cidrBlock)) problems.push(`labNetworkCidr must be an IPv4 CIDR from /16 to /24, got "${cidrBlock}"`);
    // A count takes the region's first zones by letter; a list names them (for regions whose letters differ).
    const azText = text("labNetworkAzs") ?? "2";
    const availabilityZoneNames = /^\d+$/.test(azText)
        ? ["a", "b", "c"].slice(0, Number(azText)).map((letter) => `${allowedRegions[0] ?? ""}${letter}`)
        : list("labNetworkAzs", []);
    if (availabilityZoneNames.length < 1 || availabilityZoneNames.length > 3 || Number(azText) > 3 ||
        availabilityZoneNames.some((az) => !/^[a-z]{2}(-[a-z]+)+-\d[a-z]$/.test(az))) {
        problems.push(`labNetworkAzs must be 1, 2 or 3, or a list of up to 3 zone names like [us-east-1a, us-east-1b], got "${azText}"`);
    }
    const suspendedOuId = text("suspendedOuId");
    if (suspendedOuId && !OU_ID_PATTERN.test(suspendedOuId)) problems.push(`suspendedOuId must be an OU id (ou-...-...), got "${suspendedOuId}"`);
    let adoptedUsers: Record<string, string> = {};
    try {
        adoptedUsers = Object.fromEntries(Object.entries(JSON.parse(text("adoptedUsers") ?? "{}") as Record<string, unknown>)
            .map(([email, id]) => [email.toLowerCase(), String(id)]));
    } catch {
        problems.push("adoptedUsers must be a JSON map of email to identity store user id");
    }

    // Self-registration (infra/registration/).
    const registrationDomains = list("registrationEmailDomains", []).map((d) => d.toLowerCase().replace(/^@/, ""));
    for (const d of registrationDomains.filter((d) => !/^[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$/.test(d))) {
        problems.push(`registrationEmailDomains: "${d}" is not a domain like uni.example`);
    }
    const closesAtText = text("registrationClosesAt");
    const closesAt = closesAtText === undefined ? undefined : new Date(closesAtText);
    if (closesAtText !== undefined && (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(closesAtText) || Number.isNaN(closesAt!.getTime()))) {
        problems.push(`registrationClosesAt must be a date and time with its zone, e.g. 2026-11-23T09:00:00Z, got "${closesAtText}"`);
    }
    const codeGeneration = text("registrationCodeGeneration") ?? "1";
    if (!/^[A-Za-z0-9-]{1,32}$/.test(codeGeneration)) problems.push(`registrationCodeGeneration must be letters, digits or dashes, got "${codeGeneration}"`);
    // A class behind one NAT registers from one address; the global cap bounds what the page can send.
    const hourlyCap = (key: string, fallback: number) =>
        number(key, fallback, (n) => Number.isInteger(n) && n >= 1 && n <= 10_000, "a whole number of emails per hour between 1 and 10000");
    const senderEmail = text("senderEmail") ?? instructorEmail;
    const registration: SelfRegistrationSettings = {
        enabled: flag("registration"), emailDomains: registrationDomains, ...(closesAt && closesAtText ? { closesAt } : {}), codeGeneration,
        sourceHourlyCap: hourlyCap("registrationSourceHourlyCap", 20), hourlyCap: hourlyCap("registrationHourlyCap", 100), senderEmail,
    };

    const settings: WorkshopSettings = {
        workshopName, instructorEmail, rootEmailBase, identityCenterInstanceArn, identityStoreId, accessPortalUrl,
        studentBudgetUsd, budgetAlertThresholds, masterBudgetUsd, allowedRegions, allowedInstanceTypes, maxVolumeSizeGiB,
        maxVolumeIops, allowedDbInstanceClasses, allowedSageMakerInstanceTypes, maxEcsTaskVcpu, maxEcsTaskMemoryGiB, allowedServices, permissionSetPolicyArn, sessionDuration, parentOuId, maxStudents,
        rosterPath: text("rosterPath") ?? DEFAULTS.rosterPath,
        budgetFreeze: text("budgetFreeze") === undefined ? true : flag("budgetFreeze"),
        budgetsIncludeCredits: flag("budgetsIncludeCredits"),
        ...(suspendedOuId ? { suspendedOuId } : {}),
        adoptExistingUsers: flag("adoptExistingUsers"),
        adoptedUsers,
        workshopMode: { enabled: flag("workshopMode"), modelArns, keyGenerations },
        labNetwork: { enabled: flag("labNetwork"), cidrBlock, availabilityZoneNames },
        registration,
    };
    if (problems.length > 0) throw new ConfigError(problems);
    return settings;
}
