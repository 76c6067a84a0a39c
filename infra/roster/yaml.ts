import { isMap, isSeq, LineCounter, parseDocument, YAMLMap } from "yaml";

import { RosterError, type RosterLimits, type SourcedEntry, type Student } from "./student";
import { requireValidRoster } from "./validate";

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
        return { line, fields: (item as YAMLMap).toJSON() as Record<string, unknown> };
    });
}

/** Parses and validates a YAML roster in one step. */
export function parseRosterYaml(text: string, limits: RosterLimits, source = "roster.yaml"): Student[] {
    return requireValidRoster(source, readRosterYaml(text, source), limits);
}
