import * as fs from "fs";
import * as path from "path";

import { writeFileAtomic } from "./atomic-file";

/** Writes a record the driver keeps in its data directory, atomically, creating the directory. */
export function writeJsonRecord(file: string, record: object): void {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    writeFileAtomic(file, JSON.stringify(record, null, 1) + "\n");
}

/**
 * The record in `file`, or undefined when there is none yet or the file is not one (`isRecord`
 * says which): such records are a cache of what happened, so a missing or foreign file reads as "never".
 */
export function readJsonRecord<T>(file: string, isRecord: (parsed: Partial<T>) => boolean): T | undefined {
    try {
        const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<T>;
        return isRecord(parsed) ? parsed as T : undefined;
    } catch {
        return undefined;
    }
}
