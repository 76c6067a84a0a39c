import * as fs from "fs";
import * as path from "path";

import { approvedRosterBytes } from "./approved-roster";
import { readRosterCsv } from "./csv";
import { RosterLimits, SourcedEntry, Student } from "./student";
import { decodeRosterText } from "./text";
import { requireValidRoster } from "./validate";
import { readRosterYaml } from "./yaml";

/**
 * Reads entries from roster.yaml or, for instructors who keep a spreadsheet, an exported .csv; under
 * `npm run up`, from the bytes the instructor approved (approved-roster.ts), named as the file.
 */
export function readRosterFile(file: string): SourcedEntry[] {
    let bytes: Buffer;
    try {
        bytes = approvedRosterBytes(file) ?? fs.readFileSync(file);
    } catch (error) {
        throw new Error(`cannot read the roster ${file}: ${(error as Error).message}. ` +
            `Create it (see README: "The roster") or point workshop-accounts:rosterPath at it.`, { cause: error });
    }
    return readRosterBytes(bytes, file);
}

/** Entries from a roster's bytes, read as `file`'s extension says and named as `file` in errors. */
export function readRosterBytes(bytes: Uint8Array, file: string): SourcedEntry[] {
    return path.extname(file).toLowerCase() === ".csv"
        ? readRosterCsv(bytes, file)
        : readRosterYaml(decodeRosterText(bytes, file, "yaml"), file);
}

/** The validated roster of `file`, from `bytes` when the caller already read them (an approved snapshot). */
export function loadRoster(file: string, limits: RosterLimits, bytes?: Uint8Array): Student[] {
    return requireValidRoster(file, bytes ? readRosterBytes(bytes, file) : readRosterFile(file), limits);
}
