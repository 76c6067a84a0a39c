import { loadRoster } from "../../infra/roster/load";
import type { Student } from "../../infra/roster/student";
import type { DriverContext } from "../context";
import { type RosterSettings,rosterSettingsFrom } from "../pulumi/stack-settings";

/** The roster file and limit from the stack's own config, through the engine, as the program reads them. */
export async function stackRosterSettings(ctx: DriverContext): Promise<RosterSettings> {
    const [rosterPath, maxStudents] = await Promise.all([ctx.engine.getConfig("rosterPath"), ctx.engine.getConfig("maxStudents")]);
    return rosterSettingsFrom(ctx.projectDir, rosterPath, maxStudents);
}

/**
 * The roster exactly as the program will read it: the file and limit come from the stack's own
 * config through the engine; `approved` bytes (the snapshot `up` hands the program) are read
 * instead of the file. Throws the RosterError listing every problem, before Pulumi runs.
 */
export async function loadStackRoster(ctx: DriverContext, approved?: { file: string; bytes: Uint8Array }): Promise<{ file: string; students: Student[] }> {
    const { file, limits } = await stackRosterSettings(ctx);
    if (approved && approved.file !== file) throw new Error(`rosterPath changed from ${approved.file} to ${file} since the preview began; run the command again`);
    return { file, students: loadRoster(file, limits, approved?.bytes) };
}
