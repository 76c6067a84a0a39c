import type { EmailLedger, LedgerRecord } from "./ledger";
import type { WelcomeEmailInput } from "./welcome-input";

/** `"all"` resends to every student; a list resends to those emails only. */
export type ResendSelection = string[] | "all";

export type PlannedEmail = { input: WelcomeEmailInput; record?: LedgerRecord } & (
    | { action: "send"; reason: "new" | "retry-failed" | "resend" }
    | { action: "skip"; reason: "already-sent" }
    /** A previous run died between SendEmail and recording its answer: only the instructor can tell. */
    | { action: "hold"; reason: "in-doubt" }
);

/**
 * Decides, from the ledger alone, what a run does for each student. `email --dry-run`
 * lists this plan, so what it shows is exactly what a real run does.
 */
export function planWelcomeEmails(inputs: WelcomeEmailInput[], ledger: EmailLedger, resend: ResendSelection = []): PlannedEmail[] {
    const resendSet = resendEmails(inputs, resend);
    return inputs.map((input): PlannedEmail => {
        const record = ledger.get(input.student.email, input.accountId);
        const base = { input, ...(record ? { record } : {}) };
        if (resendSet.has(input.student.email.toLowerCase())) return { ...base, action: "send", reason: "resend" };
        switch (record?.status) {
            case undefined: return { ...base, action: "send", reason: "new" };
            case "failed": return { ...base, action: "send", reason: "retry-failed" };
            case "sent": return { ...base, action: "skip", reason: "already-sent" };
            case "sending": return { ...base, action: "hold", reason: "in-doubt" };
        }
    });
}

/** An email to resend that is not a student is a typo: better to stop than to send to nobody silently. */
function resendEmails(inputs: WelcomeEmailInput[], resend: ResendSelection): Set<string> {
    const students = new Set(inputs.map((i) => i.student.email.toLowerCase()));
    if (resend === "all") return students;
    const wanted = resend.map((e) => e.trim().toLowerCase());
    const unknown = wanted.filter((e) => !students.has(e));
    if (unknown.length > 0) {
        throw new Error(`cannot resend to ${unknown.join(", ")}: no student with that email in the stack outputs. ` +
            "Check the spelling against roster.yaml, or run `up` first if the student was just added.");
    }
    return new Set(wanted);
}
