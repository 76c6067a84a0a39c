import type { ResourceChange, ResourceOp } from "../pulumi/engine";

/** A student as the plan names them: the key their resources carry, and who that is when known. */
export interface StudentRef {
    key: string;
    email?: string;
    name?: string;
}

/** The one-phrase verdict an instructor reads first; an account change decides it. */
export type StudentAction = "new account" | "account closes" | "account replaced" | "changes" | "no change";

export type OpCounts = Partial<Record<ResourceOp, number>>;

export interface StudentPlan extends StudentRef {
    action: StudentAction;
    /** Only real changes; unchanged resources are counted in `counts.same`. */
    changes: ResourceChange[];
    counts: OpCounts;
}

export interface WorkshopPlan {
    students: StudentPlan[];
    /** Changes to resources shared by the whole workshop (OU, guardrails, identity, billing). */
    workshop: ResourceChange[];
    totals: OpCounts;
}

export const ACCOUNT_TYPE = "aws:organizations/account:Account";
/** The dynamic resource that closes a student's account after Pulumi forgets it (infra/dynamic/account-gate.ts). */
export const ACCOUNT_GATE_TYPE = "pulumi-nodejs:dynamic/workshop-accounts:AccountGate";
const CHANGING_OPS: ReadonlySet<ResourceOp> = new Set<ResourceOp>(["create", "update", "replace", "delete"]);

export function isChange(change: { op: ResourceOp }): boolean {
    return CHANGING_OPS.has(change.op);
}

/**
 * The student a resource belongs to. Every per-student resource is named by the student's key,
 * alone or followed by "-<part>" (infra/accounts/student-account.ts); the longest matching key wins so
 * "ann-at-x-com" never claims "ann-at-x-com-au"'s resources.
 */
export function studentKeyOfResource(name: string, keys: readonly string[]): string | undefined {
    let best: string | undefined;
    for (const key of keys) {
        if ((name === key || name.startsWith(`${key}-`)) && key.length > (best?.length ?? 0)) best = key;
    }
    return best;
}

/** Groups a plan by student; students without changes are kept, with action "no change". */
export function groupChanges(changes: readonly ResourceChange[], students: readonly StudentRef[]): WorkshopPlan {
    const keys = students.map((s) => s.key);
    const byStudent = new Map<string, ResourceChange[]>(keys.map((k) => [k, []]));
    const workshop: ResourceChange[] = [];
    for (const change of changes) {
        const key = studentKeyOfResource(change.name, keys);
        if (key) byStudent.get(key)!.push(change);
        else if (isChange(change)) workshop.push(change);
    }
    const plans = students
        .map((student): StudentPlan => {
            const own = byStudent.get(student.key)!;
            return { ...student, action: studentAction(own), changes: own.filter(isChange), counts: countOps(own) };
        })
        .sort((a, b) => label(a).localeCompare(label(b)));
    return { students: plans, workshop, totals: countOps(changes) };
}

export function countOps(changes: readonly { op: ResourceOp }[]): OpCounts {
    const counts: OpCounts = {};
    for (const { op } of changes) counts[op] = (counts[op] ?? 0) + 1;
    return counts;
}

function studentAction(changes: readonly ResourceChange[]): StudentAction {
    const account = changes.find((c) => c.type === ACCOUNT_TYPE && isChange(c));
    if (account?.op === "create") return "new account";
    if (account?.op === "delete") return "account closes";
    if (account?.op === "replace") return "account replaced";
    return changes.some(isChange) ? "changes" : "no change";
}

/** How a student is shown: their email, or the key when the email is not known. */
export function label(student: StudentRef): string {
    return student.email ?? student.key;
}

/** Known students: the roster's, plus those only the outputs still know (removed from the roster). */
export function mergeStudentRefs(...lists: readonly StudentRef[][]): StudentRef[] {
    const merged = new Map<string, StudentRef>();
    for (const ref of lists.flat()) merged.set(ref.key, { ...merged.get(ref.key), ...ref });
    return [...merged.values()];
}
