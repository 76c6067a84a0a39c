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

/** The Pulumi project name (Pulumi.yaml `name`): the namespace of this program's config keys. */
export const PROJECT_NAME = "workshop-accounts";

/** `rosterPath` becomes `workshop-accounts:rosterPath`; keys of other namespaces (`aws:region`) stay. */
export function qualifiedConfigKey(key: string): string {
    return key.includes(":") ? key : `${PROJECT_NAME}:${key}`;
}
