import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

import { DEFAULTS, parseWorkshopConfig, type WorkshopSettings } from "../../infra/config";
import { qualifiedConfigKey } from "../../infra/project-root";
import type { RosterLimits } from "../../infra/roster/student";
import type { Engine } from "./engine";


/**
 * Reads a plain value from Pulumi.<stack>.yaml without starting Pulumi, for the commands that
 * only touch the roster (they must work before the CLI is installed). Secrets are not readable
 * this way, and nothing here needs them.
 */
export function stackFileValue(projectDir: string, stack: string, key: string): string | undefined {
    const file = path.join(projectDir, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(file)) return undefined;
    const config = (parse(fs.readFileSync(file, "utf8")) as { config?: Record<string, unknown> } | null)?.config ?? {};
    const value = config[qualifiedConfigKey(key)];
    return value === undefined || value === null ? undefined : String(value);
}

export interface RosterSettings {
    file: string;
    limits: RosterLimits;
}

/** The roster file and limits from the raw rosterPath and maxStudents config values, with their defaults. */
export function rosterSettingsFrom(projectDir: string, rosterPath: string | undefined, maxStudents: string | undefined): RosterSettings {
    const max = Number(maxStudents ?? DEFAULTS.maxStudents);
    return {
        file: path.resolve(projectDir, rosterPath ?? DEFAULTS.rosterPath),
        limits: { maxStudents: Number.isInteger(max) && max > 0 ? max : DEFAULTS.maxStudents },
    };
}

/** The roster file of a stack and the limits it is validated with, read from Pulumi.<stack>.yaml. */
export function rosterSettings(projectDir: string, stack: string): RosterSettings {
    const value = (key: string) => stackFileValue(projectDir, stack, key);
    return rosterSettingsFrom(projectDir, value("rosterPath"), value("maxStudents"));
}

/**
 * The stack's settings as the program parses them (infra/config.ts), read through the engine. The
 * keys are the ones the parser asks for, learnt by letting it ask once, so none is missed.
 */
export async function stackWorkshopSettings(engine: Pick<Engine, "getConfig">): Promise<WorkshopSettings> {
    const keys = new Set<string>();
    try {
        parseWorkshopConfig((key) => {
            keys.add(key);
            return undefined;
        });
    } catch {
        // Required keys are missing in this dry pass by design: only the keys were wanted.
    }
    const values = new Map(await Promise.all([...keys].map(async (key) => [key, await engine.getConfig(key)] as const)));
    return parseWorkshopConfig((key) => values.get(key));
}
