import { closeRetryDate, isoDate } from "../aws/close-quota";
import type { UpdateResult } from "../pulumi/engine";
import { ACCOUNT_GATE_TYPE, ACCOUNT_TYPE, label, studentKeyOfResource, type StudentRef } from "./groups";

/**
 * A run that closes accounts ends in one of four ways per account: closed; refused for the 30-day
 * quota, or queued behind a refused one (it waits, parked, for the next run); or still closing when
 * the run gave up waiting (PENDING_CLOSURE counts as closed: the next run finds it closed).
 */
export interface CloseOutcome {
    closed: number;
    /** Refused by Organizations for the 30-day quota. */
    refused: string[];
    /** Not attempted: the run ended, after others were refused, before it reached them. */
    queued: string[];
    stillClosing: string[];
    /** Failures that are none of these: real problems. */
    otherFailures: number;
}

/** Exit code of a run whose only failures are accounts waiting for the quota or still closing (sysexits EX_TEMPFAIL). */
export const WAITING_EXIT_CODE = 75;

const QUOTA = /CLOSE_ACCOUNT_QUOTA_EXCEEDED/;
const STILL_CLOSING = /AccountAlreadyClosedException|timeout while waiting for resource to be gone.*PENDING_CLOSURE/s;

/** What happened to the accounts the run set out to close (`closing`: those students). */
export function closeOutcome(result: UpdateResult, closing: readonly StudentRef[]): CloseOutcome {
    const keys = closing.map((s) => s.key);
    const keyOf = (name: string) => studentKeyOfResource(name, keys);
    const who = (key: string) => label(closing.find((s) => s.key === key)!);
    const failed = new Set(result.failures.map((f) => f.urn));
    // The account's gate closes it after Pulumi forgets the account: a failure of either is a close that did not happen.
    const accountFailures = result.failures.filter((f) => (f.type === ACCOUNT_TYPE || f.type === ACCOUNT_GATE_TYPE) && keyOf(f.name));
    const failedKeys = new Set(accountFailures.map((f) => keyOf(f.name)));
    // A gate left from a run refused for the quota closes its account with no Account resource left in the stack.
    const closedKeys = new Set(result.changes
        .filter((c) => (c.type === ACCOUNT_TYPE || c.type === ACCOUNT_GATE_TYPE) && (c.op === "delete" || c.op === "replace") && !failed.has(c.urn))
        .map((c) => keyOf(c.name)).filter((k): k is string => !!k && !failedKeys.has(k)));
    const refusedKeys = accountFailures.filter((f) => QUOTA.test(f.message)).map((f) => keyOf(f.name)!);
    const closingKeys = accountFailures.filter((f) => STILL_CLOSING.test(f.message)).map((f) => keyOf(f.name)!);
    const explained = new Set([...closedKeys, ...refusedKeys, ...closingKeys, ...accountFailures.map((f) => keyOf(f.name)!)]);
    const queued = refusedKeys.length > 0 ? keys.filter((k) => !explained.has(k)) : [];
    return {
        closed: closedKeys.size,
        refused: refusedKeys.map(who),
        queued: queued.map(who),
        stillClosing: closingKeys.map(who),
        otherFailures: result.failures.length - refusedKeys.length - closingKeys.length,
    };
}

/** "Closed 10 account(s); 40 wait for the quota (...): run `npm run destroy` again after 2026-12-23." */
export function closeSummary(outcome: CloseOutcome, command: "destroy" | "up", now: Date): string[] {
    const waiting = [...outcome.refused, ...outcome.queued];
    const closing = outcome.stillClosing.length;
    if (outcome.closed === 0 && waiting.length === 0 && closing === 0) return [];
    const parts = [`Closed ${outcome.closed} account(s)`];
    if (waiting.length > 0) {
        const why = outcome.queued.length > 0 ? `${outcome.refused.length} refused by Organizations, ${outcome.queued.length} queued behind them: ` : "";
        parts.push(`${waiting.length} wait for the quota (${why}${waiting.join(", ")}): run \`npm run ${command}\` again after ${isoDate(closeRetryDate(now))}`);
    }
    if (closing > 0) parts.push(`${closing} were still closing when the wait ended (${outcome.stillClosing.join(", ")}): run \`npm run ${command}\` again in a few minutes`);
    return [`${parts.join("; ")}.`];
}

/** 0 when everything went through, WAITING_EXIT_CODE when only closures wait, 1 on any other failure. */
export function closeExitCode(result: UpdateResult, outcome: CloseOutcome): number {
    if (result.ok) return 0;
    if (result.failures.length > 0 && outcome.otherFailures === 0) return WAITING_EXIT_CODE;
    return 1;
}
