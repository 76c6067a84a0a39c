import { adviseOnError } from "../aws/error-advice";
import type { UpdateResult } from "../pulumi/engine";
import { firstLine, shortType } from "../ui/text";
import { describeCounts } from "./format";
import { countOps, isChange, label, studentKeyOfResource, type StudentRef } from "./groups";

export interface UpdateReportLines {
    /** The outcome, for stdout. */
    log: string[];
    /** Failures and what to do about them, for stderr. */
    warn: string[];
}

/**
 * What an update (or destroy) did, per student: who is done, who failed on which resource with
 * the provider's error, what did go through for them, and what to do, each piece of advice once.
 */
export function updateReport(result: UpdateResult, students: readonly StudentRef[], action: "update" | "destroy",
    unfinished: ReadonlySet<string> = new Set()): UpdateReportLines {
    const keys = students.map((s) => s.key);
    const byKey = new Map(students.map((s) => [s.key, s]));
    const failedUrns = new Set(result.failures.map((f) => f.urn));
    const done = result.changes.filter((c) => isChange(c) && !failedUrns.has(c.urn));
    const keyOf = (name: string) => studentKeyOfResource(name, keys);

    const failedKeys = [...new Set(result.failures.map((f) => keyOf(f.name)).filter((k): k is string => !!k))];
    // `unfinished`: students whose steps did not all run (skipped behind another's failure) are not done.
    const succeeded = [...new Set(done.map((c) => keyOf(c.name)).filter((k): k is string => !!k && !failedKeys.includes(k) && !unfinished.has(k)))];
    const log = [`${action === "destroy" ? "Destroy" : "Update"} ${result.ok ? "finished" : "finished with failures"}: ${describeCounts(countOps(done))}.`];
    if (succeeded.length > 0) {
        log.push(`Done for ${succeeded.length} student(s): ${succeeded.map((k) => label(byKey.get(k)!)).sort().join(", ")}.`);
    }

    const warn: string[] = [];
    const advice = new Map<string, string>();
    const describeFailure = (f: UpdateResult["failures"][number]) => {
        const text = adviseOnError(f.message);
        if (text) advice.set(text, text);
        return `${shortType(f.type)} ${f.name}: ${firstLine(f.message)}`;
    };
    if (failedKeys.length > 0) {
        warn.push(`Failed for ${failedKeys.length} student(s):`);
        for (const key of failedKeys) {
            warn.push(`  x ${label(byKey.get(key)!)}`);
            for (const f of result.failures.filter((f) => keyOf(f.name) === key)) warn.push(`      failed: ${describeFailure(f)}`);
            const theirs = done.filter((c) => keyOf(c.name) === key);
            warn.push(`      done for them: ${theirs.length > 0 ? theirs.map((c) => `${c.op} ${shortType(c.type)}`).join(", ") : "nothing"}`);
        }
    }
    const shared = result.failures.filter((f) => !keyOf(f.name));
    if (shared.length > 0) {
        warn.push("Failed for the whole workshop:");
        for (const f of shared) warn.push(`  x ${describeFailure(f)}`);
    }
    if (!result.ok && result.failures.length === 0) {
        warn.push(`The ${action} failed: ${result.error ?? "unknown error"}`);
        const text = result.error && adviseOnError(result.error);
        if (text) advice.set(text, text);
    }
    if (advice.size > 0) {
        warn.push("What to do:");
        for (const text of advice.values()) warn.push(`  - ${text}`);
    }
    return { log, warn };
}
