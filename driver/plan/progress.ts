import type { WorkshopEvent } from "../pulumi/engine";
import { firstLine, shortType } from "../ui/text";
import { ACCOUNT_GATE_TYPE, isChange, label, type StudentAction, studentKeyOfResource, type StudentRef, type WorkshopPlan } from "./groups";

export interface ProgressOutput {
    log(line: string): void;
    /** A transient line redrawn in place (a terminal); absent when output is a log or a pipe. */
    status?(line: string): void;
}

/** "[########................] 12/40": pure, so tests and any terminal width agree. */
export function progressBar(done: number, total: number, width = 24): string {
    const shown = Math.max(total, done);
    const filled = shown === 0 ? width : Math.round((done / shown) * width);
    return `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${shown}`;
}

const DONE_TEXT: Record<StudentAction, string> = {
    "new account": "account ready",
    "account closes": "account closed",
    "account replaced": "account replaced",
    "changes": "updated",
    "no change": "unchanged",
};

/**
 * Live progress of an update as the instructor wants it: one line per student once all their
 * planned steps finished (or failed), and a progress bar of steps on a terminal. Without a plan
 * (destroy) a student is done when their account's step is.
 */
export class UpdateProgress {
    private done = 0;
    private total: number;
    private readonly stepsDone = new Map<string, number>();
    private readonly announced = new Set<string>();
    private readonly keys: string[];
    private readonly byKey: Map<string, StudentRef>;
    private readonly planned = new Map<string, { steps: number; action: StudentAction }>();

    constructor(private readonly out: ProgressOutput, students: readonly StudentRef[], private readonly plan?: WorkshopPlan) {
        this.keys = students.map((s) => s.key);
        this.byKey = new Map(students.map((s) => [s.key, s]));
        for (const s of plan?.students ?? []) this.planned.set(s.key, { steps: s.changes.length, action: s.action });
        this.total = plan
            ? plan.students.reduce((n, s) => n + s.changes.length, 0) + plan.workshop.length
            : 0;
    }

    readonly onEvent = (event: WorkshopEvent): void => {
        if (event.kind === "diagnostic" || !isChange(event)) return;
        const key = studentKeyOfResource(event.name, this.keys);
        if (event.kind === "step-start") {
            if (!this.plan) this.total++;
        } else if (event.kind === "step-failed") {
            this.done++;
            const who = key ? label(this.byKey.get(key)!) : "workshop";
            if (key) this.announced.add(key);
            this.out.log(`  x ${who}: ${event.op} ${shortType(event.type)} ${event.name} failed: ${firstLine(event.message)}`);
        } else {
            this.done++;
            if (key) this.stepFinished(key, event.type);
        }
        this.out.status?.(progressBar(this.done, this.total));
    };

    /** Takes the bar off the terminal, so the report after it reads cleanly. */
    finish(): void {
        this.out.status?.("");
    }

    private stepFinished(key: string, type: string): void {
        const count = (this.stepsDone.get(key) ?? 0) + 1;
        this.stepsDone.set(key, count);
        const planned = this.planned.get(key);
        // Unplanned (destroy): the account is closed when its gate is deleted, the last of the student's steps.
        const finished = planned ? count >= planned.steps : type === ACCOUNT_GATE_TYPE;
        if (!finished || this.announced.has(key)) return;
        this.announced.add(key);
        this.out.log(`  ok ${label(this.byKey.get(key)!)}: ${planned ? DONE_TEXT[planned.action] : "account closed"}`);
    }
}
