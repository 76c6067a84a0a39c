import { loadRoster } from "../../infra/roster/load";
import type { Student } from "../../infra/roster/student";
import type { DriverContext } from "../context";
import { rosterSettingsFrom } from "../pulumi/stack-settings";

/**
 * The roster exactly as the program will read it: the file and limit come from the stack's own
 * config through the engine. Throws the RosterError listing every problem, before Pulumi runs.
 */
export async function loadStackRoster(ctx: DriverContext): Promise<{ file: string; students: Student[] }> {
    const [rosterPath, maxStudents] = await Promise.all([ctx.engine.getConfig("rosterPath"), ctx.engine.getConfig("maxStudents")]);
    const { file, limits } = rosterSettingsFrom(ctx.projectDir, rosterPath, maxStudents);
    return { file, students: loadRoster(file, limits) };
}
