import * as path from "path";
import { DEFAULTS } from "../infra/config";
import { loadRoster } from "../infra/load-roster";
import type { Student } from "../infra/roster";
import type { DriverContext } from "./context";

/**
 * The roster exactly as the program will read it: the file and limit come from the stack's own
 * config through the engine. Throws the RosterError listing every problem, before Pulumi runs.
 */
export async function loadStackRoster(ctx: DriverContext): Promise<{ file: string; students: Student[] }> {
    const file = path.resolve(ctx.projectDir, (await ctx.engine.getConfig("rosterPath")) ?? DEFAULTS.rosterPath);
    const max = Number((await ctx.engine.getConfig("maxStudents")) ?? DEFAULTS.maxStudents);
    const maxStudents = Number.isInteger(max) && max > 0 ? max : DEFAULTS.maxStudents;
    return { file, students: loadRoster(file, { maxStudents }) };
}
