import type { WorkshopOutputs } from "../../infra/outputs";
import type { Student } from "../../infra/roster/student";
import type { DriverContext } from "../context";
import type { ResourceChange } from "../pulumi/engine";
import { workshopOutputs } from "../pulumi/stack-outputs";
import type { ApprovalSnapshot } from "../roster/approval-snapshot";
import { loadStackRoster } from "../roster/stack-roster";
import { groupChanges, mergeStudentRefs, type StudentRef, type WorkshopPlan } from "./groups";

export interface PlannedWorkshop {
    plan: WorkshopPlan;
    /** Everyone the plan can name: the roster's students and those only the stack still has. */
    students: StudentRef[];
    outputs: WorkshopOutputs;
    /** Every step of the preview, unchanged resources included: what the stack will hold. */
    changes: ResourceChange[];
}

/** Students of the stack outputs, as the plan names them. */
export function deployedStudents(outputs: WorkshopOutputs): StudentRef[] {
    return Object.entries(outputs.students).map(([key, s]) => ({ key, email: s.email, name: s.name }));
}

export function rosterStudents(students: readonly Student[]): StudentRef[] {
    return students.map(({ key, email, name }) => ({ key, email, name }));
}

/**
 * The roster check and the preview that `up` and `preview` share: a broken roster stops here
 * with every problem listed, before Pulumi runs. With a snapshot, both read its bytes, and the
 * engine is handed them (approval-snapshot.ts).
 */
export async function planWorkshop(ctx: DriverContext, quiet = false, snapshot?: ApprovalSnapshot): Promise<PlannedWorkshop> {
    const say = quiet ? () => {} : ctx.log;
    const approved = snapshot?.roster?.bytes ? { file: snapshot.roster.file, bytes: snapshot.roster.bytes } : undefined;
    const roster = await loadStackRoster(ctx, approved);
    say(`Roster ${roster.file}: ${roster.students.length} student(s), no problems.`);
    const outputs = workshopOutputs(await ctx.engine.outputs());
    const students = mergeStudentRefs(deployedStudents(outputs), rosterStudents(roster.students));
    say(`Previewing ${ctx.engine.description}...`);
    const preview = await ctx.engine.preview(undefined, snapshot?.inputs);
    return { plan: groupChanges(preview.changes, students), students, outputs, changes: preview.changes };
}
