import { isMap, isScalar, isSeq, LineCounter, type Pair, parseDocument, YAMLMap } from "yaml";

import { RosterError, type RosterLimits, type SourcedEntry, type Student } from "./student";
import { canonicalField, FIELD_LABEL, requireValidRoster } from "./validate";

/**
 * Two keys of one student that name the same field (`email:` and `Email:`, `given name:` and
 * `GivenName:`): YAML refuses only exact repeats, and toJSON() would let the last spelling win, so
 * the account would be made for the other address. The CSV reader refuses the same in its header.
 */
function duplicateFields(map: YAMLMap, lineOf: (offset: number) => number | undefined): { line?: number; problem: string } | undefined {
    const seen = new Map<string, { key: string; line?: number }>();
    for (const pair of map.items as Pair[]) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const field = canonicalField(key);
        if (!field) continue;
        const line = isScalar(pair.key) && pair.key.range ? lineOf(pair.key.range[0]) : undefined;
        const first = seen.get(field);
        if (first) {
            return { line, problem: `keys "${first.key}" (line ${first.line}) and "${key}" (line ${line}) both give the ${FIELD_LABEL[field]}; keep one of them` };
        }
        seen.set(field, { key, line });
    }
    return undefined;
}

/**
 * The entry's fields, a budget that YAML read as a number as the text it was written as: YAML 1.2
 * reads `0x10` as 16, `0o20` as 16 and `1e3` as 1000, and only decimals are money (budget-amount.ts).
 */
function fieldsOf(map: YAMLMap): Record<string, unknown> {
    const fields = map.toJSON() as Record<string, unknown>;
    for (const pair of map.items as Pair[]) {
        if (!isScalar(pair.key) || !isScalar(pair.value) || typeof pair.value.value !== "number") continue;
        if (canonicalField(String(pair.key.value)) === "budgetUsd" && pair.value.source) fields[String(pair.key.value)] = pair.value.source;
    }
    return fields;
}

/**
 * Reads roster.yaml: either a list of students or `{ students: [...] }`.
 * Keeps line numbers so errors point at the entry.
 */
export function readRosterYaml(text: string, source = "roster.yaml"): SourcedEntry[] {
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, { lineCounter, prettyErrors: true });
    if (doc.errors.length > 0) {
        throw new RosterError(source, doc.errors.map((e) => ({
            line: e.linePos?.[0]?.line,
            message: `not valid YAML: ${e.message.split("\n")[0]}`,
        })));
    }
    const root = doc.contents;
    if (root === null || root === undefined) return [];
    const list = isMap(root) ? root.get("students", true) : root;
    if (list === undefined || list === null) return [];
    if (!isSeq(list)) {
        throw new RosterError(source, [{ message: "expected a list of students (or a map with a `students:` list)" }]);
    }
    return list.items.map((item) => {
        const line = item && typeof item === "object" && "range" in item && item.range
            ? lineCounter.linePos(item.range[0]).line
            : undefined;
        if (!isMap(item)) {
            return { line, fields: {}, problem: "each student must be a map with at least `email:` and `name:`" };
        }
        const duplicate = duplicateFields(item as YAMLMap, (offset) => lineCounter.linePos(offset).line);
        if (duplicate) return { line: duplicate.line ?? line, fields: {}, problem: duplicate.problem };
        return { line, fields: fieldsOf(item as YAMLMap) };
    });
}

/** Parses and validates a YAML roster in one step. */
export function parseRosterYaml(text: string, limits: RosterLimits, source = "roster.yaml"): Student[] {
    return requireValidRoster(source, readRosterYaml(text, source), limits);
}
