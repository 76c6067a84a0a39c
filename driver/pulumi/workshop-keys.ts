import { WORKSHOP_MODE_KEYS_OUTPUT } from "../../infra/outputs";
import type { OutputMap } from "./engine";

/**
 * The workshop-mode user's access keys, as generations in stack config: infra declares one
 * aws.iam.AccessKey per generation, so rotating and revoking are config edits followed by `up`.
 * Pure: the command in driver/commands/keys.ts does the reading, writing and deploying.
 */

export const KEY_GENERATIONS_CONFIG = "workshopModeKeyGenerations";
/** IAM allows two access keys per user. */
export const MAX_KEY_GENERATIONS = 2;

export interface WorkshopKey {
    generation: string;
    accessKeyId: string;
    secretAccessKey: string;
}

/** The generations in config, written either as a JSON list or comma-separated (as infra/config.ts reads them). */
export function parseKeyGenerations(raw: string | undefined): string[] {
    const text = raw?.trim() ?? "";
    if (!text) return [];
    if (text.startsWith("[")) {
        const parsed: unknown = JSON.parse(text);
        if (!Array.isArray(parsed)) throw new Error(`${KEY_GENERATIONS_CONFIG} must be a list, got ${text}`);
        return parsed.map((g) => String(g).trim()).filter(Boolean);
    }
    return text.split(",").map((g) => g.trim()).filter(Boolean);
}

const pad = (n: number) => String(n).padStart(2, "0");

/**
 * A new generation id from the UTC time, e.g. 20261123-1412. It names the Pulumi resource, so it
 * must not repeat: a second rotation within the minute gets the seconds too.
 */
export function newGenerationId(now: Date, existing: string[]): string {
    const minute = `${now.getUTCFullYear()}${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())}-${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}`;
    if (!existing.includes(minute)) return minute;
    const second = `${minute}${pad(now.getUTCSeconds())}`;
    if (!existing.includes(second)) return second;
    throw new Error(`a key generation ${second} already exists; wait a second and rotate again`);
}

export interface Rotation {
    next: string[];
    /** The newest previous generation: it keeps working until the next rotation. */
    kept?: string;
    /** Older generations whose keys the next `up` deletes. */
    removed: string[];
}

/** Appends a generation, keeping only the newest previous one beside it. */
export function rotateGenerations(current: string[], id: string): Rotation {
    const kept = current.slice(-(MAX_KEY_GENERATIONS - 1));
    return { next: [...kept, id], kept: kept[kept.length - 1], removed: current.slice(0, current.length - kept.length) };
}

/** The keys from the stack's secret output; none before workshop mode's first `up`. */
export function keysFromOutputs(outputs: OutputMap): WorkshopKey[] {
    const value = outputs[WORKSHOP_MODE_KEYS_OUTPUT]?.value;
    return Array.isArray(value) ? (value as WorkshopKey[]) : [];
}

/** One key as a line; the secret only when revealing. */
export function formatKey(key: WorkshopKey, reveal: boolean): string {
    const secret = reveal ? key.secretAccessKey : "******** (hidden; add --reveal to show)";
    return `${key.generation}  AWS_ACCESS_KEY_ID=${key.accessKeyId}  AWS_SECRET_ACCESS_KEY=${secret}`;
}
