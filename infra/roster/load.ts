import * as fs from "fs";
import * as path from "path";

import { readRosterCsv } from "./csv";
import { RosterLimits, SourcedEntry, Student } from "./student";
import { decodeRosterText } from "./text";
import { requireValidRoster } from "./validate";
import { readRosterYaml } from "./yaml";

/** Reads entries from roster.yaml or, for instructors who keep a spreadsheet, an exported .csv. */
export function readRosterFile(file: string): SourcedEntry[] {
    let bytes: Buffer;
    try {
        bytes = fs.readFileSync(file);
    } catch (error) {
        throw new Error(`cannot read the roster ${file}: ${(error as Error).message}. ` +
            `Create it (see README: "The roster") or point workshop-accounts:rosterPath at it.`, { cause: error });
    }
    return path.extname(file).toLowerCase() === ".csv"
        ? readRosterCsv(bytes, file)
        : readRosterYaml(decodeRosterText(bytes, file, "yaml"), file);
}

export function loadRoster(file: string, limits: RosterLimits): Student[] {
    return requireValidRoster(file, readRosterFile(file), limits);
}
