import { promises as fs } from "fs";
import * as os from "os";
import * as path from "path";

/**
 * A cheap answer to "has the stack changed?": reading the outputs runs the Pulumi CLI (twice, with
 * and without secrets), while the file backend's checkpoint can simply be looked at.
 */

/** The state root of a file:// backend (`file://~` is the home folder), or undefined for any other backend. */
export function fileBackendRoot(url: string, projectDir: string, home = os.homedir()): string | undefined {
    if (!url.startsWith("file://")) return undefined;
    const rest = url.slice("file://".length);
    if (rest === "~" || rest.startsWith("~/")) return path.join(home, rest.slice(1));
    return path.resolve(projectDir, rest);
}

/** Pulumi writes the checkpoint plain, gzipped (PULUMI_DIY_BACKEND_GZIP) or zstd-compressed. */
const CHECKPOINT_EXTENSIONS = [".json", ".json.gz", ".json.zst"];

/**
 * Where a file backend keeps a stack's checkpoint: `.pulumi/stacks/<project>/<stack>.json` since
 * project-scoped stacks, `.pulumi/stacks/<stack>.json` in the legacy layout
 * (https://github.com/pulumi/pulumi/blob/master/pkg/backend/diy/store.go, StackBasePath).
 * A stack may be named "organization/<project>/<stack>".
 */
export function diyStackFiles(root: string, project: string, stack: string): string[] {
    const parts = stack.split("/");
    const name = parts[parts.length - 1];
    const ownProject = parts.length === 3 ? parts[1] : project;
    const stacksDir = path.join(root, ".pulumi", "stacks");
    return [path.join(stacksDir, ownProject, name), path.join(stacksDir, name)]
        .flatMap((base) => CHECKPOINT_EXTENSIONS.map((extension) => base + extension));
}

/** Changes whenever any of the checkpoint files is written, created or removed; one stat per file. */
export async function localStateVersion(files: readonly string[]): Promise<string> {
    const seen = await Promise.all(files.map(async (file) => {
        const stat = await fs.stat(file).catch(() => undefined);
        return stat ? `${path.basename(file)}:${stat.mtimeMs}:${stat.size}` : "";
    }));
    return seen.filter(Boolean).join("|") || "absent";
}
