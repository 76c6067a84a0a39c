import * as path from "path";

import { PROJECT_ROOT } from "../infra/project-root";

/** The repository root: Pulumi.yaml, roster.yaml and the local state live here. */
export const PROJECT_DIR = PROJECT_ROOT;

/**
 * The driver's own records for one stack (email ledger, cost cache, reports), kept next to
 * the local state backend and git-ignored: they hold student emails.
 */
export function workshopDataDir(projectDir: string, stack: string): string {
    return path.join(projectDir, ".workshop", stack);
}
