import * as fs from "fs";
import * as path from "path";

import type { WorkshopSettings } from "../config";
import { PROJECT_ROOT } from "../project-root";
import { closedServiceActions } from "../rules/gated-services";

/** Policy documents are files in policies/ so they can be read, reviewed and simulated on their own. */
export const POLICIES_DIR = path.join(PROJECT_ROOT, "policies");

/**
 * SCPs attached to the workshop OU. AWS allows 5 SCPs per target and FullAWSAccess takes one, so
 * four is the most the OU can carry. The freeze goes on the student account itself, beside that
 * account's own FullAWSAccess.
 */
export const GUARDRAIL_SCPS = {
    regions: "scp-regions",
    computeLimits: "scp-compute-limits",
    serviceLimits: "scp-service-limits",
    organizationProtection: "scp-organization-protection",
} as const;
export const FREEZE_SCP = "scp-freeze";
/** Organizations rejects an SCP whose text exceeds this many characters (whitespace included: renderScp minifies). */
export const MAX_SCP_SIZE = 5120;
/** SCPs per root, OU or account, FullAWSAccess included. */
export const MAX_SCPS_PER_TARGET = 5;

export type PolicyDocument = { Version: string; Statement: Record<string, unknown>[] };
export type PolicyVariables = Record<string, string | number | string[]>;

export function loadPolicyTemplate(name: string, dir = POLICIES_DIR): PolicyDocument {
    return JSON.parse(fs.readFileSync(path.join(dir, `${name}.json`), "utf8")) as PolicyDocument;
}

const WHOLE = /^\$\{(\w+)\}$/;
const INLINE = /\$\{(\w+)\}/g;

/**
 * Fills `${name}` placeholders. A string that is exactly one placeholder takes the variable's
 * own type (a list stays a list); placeholders inside a longer string are spliced in as text.
 * An unknown placeholder is an error: a policy with a literal "${x}" would silently match nothing.
 * A statement whose Action renders to an empty list denies nothing and IAM rejects it: it is left out.
 */
export function renderPolicy<T>(template: T, variables: PolicyVariables): T {
    const lookup = (name: string) => {
        if (!(name in variables)) throw new Error(`policy placeholder \${${name}} has no value`);
        return variables[name];
    };
    const walk = (node: unknown): unknown => {
        if (typeof node === "string") {
            const whole = WHOLE.exec(node);
            if (whole) return lookup(whole[1]);
            return node.replace(INLINE, (_, name: string) => {
                const value = lookup(name);
                if (Array.isArray(value)) throw new Error(`policy placeholder \${${name}} is a list and must stand alone`);
                return String(value);
            });
        }
        if (Array.isArray(node)) return node.map(walk);
        if (node && typeof node === "object") {
            return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]));
        }
        return node;
    };
    const rendered = walk(template);
    const document = rendered as { Statement?: unknown };
    if (Array.isArray(document?.Statement)) {
        document.Statement = document.Statement.filter((statement: { Action?: unknown }) =>
            !(Array.isArray(statement?.Action) && statement.Action.length === 0));
    }
    return rendered as T;
}

/** The values the guardrail SCPs are rendered with. */
export function guardrailVariables(settings: WorkshopSettings): PolicyVariables {
    return {
        allowedRegions: settings.allowedRegions,
        allowedInstanceTypes: settings.allowedInstanceTypes,
        allowedDbInstanceClasses: settings.allowedDbInstanceClasses,
        allowedSageMakerInstanceTypes: settings.allowedSageMakerInstanceTypes,
        closedServiceActions: closedServiceActions(settings.allowedServices),
        // Condition values are strings in IAM's grammar, numbers included.
        maxVolumeSizeGiB: String(settings.maxVolumeSizeGiB),
        maxVolumeIops: String(settings.maxVolumeIops),
        // ecs:task-cpu counts CPU units (1024 per vCPU), ecs:task-memory MiB.
        maxEcsTaskCpuUnits: String(settings.maxEcsTaskVcpu * 1024),
        maxEcsTaskMemoryMiB: String(settings.maxEcsTaskMemoryGiB * 1024),
    };
}

/** Renders an SCP and checks it against the size Organizations accepts, so `up` fails early and clearly. */
export function renderScp(name: string, variables: PolicyVariables, dir = POLICIES_DIR): string {
    const text = JSON.stringify(renderPolicy(loadPolicyTemplate(name, dir), variables));
    if (text.length > MAX_SCP_SIZE) {
        throw new Error(`${name}.json renders to ${text.length} characters, more than the ${MAX_SCP_SIZE} Organizations allows; ` +
            `shorten its lists (allowedRegions, allowedInstanceTypes, allowedDbInstanceClasses, allowedSageMakerInstanceTypes; a "*" pattern can replace several types)`);
    }
    return text;
}
