import * as fs from "fs";
import * as path from "path";

/**
 * The folder holding Pulumi.yaml, roster.yaml, policies/ and templates/. Found by walking up,
 * so the same code works from the TypeScript sources and from the compiled copy in dist/.
 */
export function findProjectRoot(start: string): string {
    for (let dir = start; ; dir = path.dirname(dir)) {
        if (fs.existsSync(path.join(dir, "Pulumi.yaml"))) return dir;
        if (path.dirname(dir) === dir) throw new Error(`no Pulumi.yaml in ${start} or any folder above it`);
    }
}

export const PROJECT_ROOT = findProjectRoot(__dirname);
