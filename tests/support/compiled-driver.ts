import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ts from "typescript";

import { snapshot, writeStamp } from "../../build/freshness";
import { PROJECT_ROOT } from "../../infra/project-root";

export interface DriverProcessResult {
    args: string[];
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
}

export interface CompiledDriverProject {
    /** A project folder of its own: Pulumi.yaml, Pulumi.dev.yaml, the compiled driver in dist/. */
    dir: string;
    /** Runs `node driver/launch.js <args>` there, as `npm run driver -- <args>` would. */
    run(args: string[]): Promise<DriverProcessResult>;
    remove(): void;
}

function transpileTree(from: string, to: string): void {
    const options = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, resolveJsonModule: true };
    for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
        const source = path.join(from, entry.name);
        if (entry.isDirectory()) {
            transpileTree(source, path.join(to, entry.name));
        } else if (entry.name.endsWith(".ts")) {
            fs.mkdirSync(to, { recursive: true });
            const { outputText } = ts.transpileModule(fs.readFileSync(source, "utf8"), { compilerOptions: options, fileName: source });
            fs.writeFileSync(path.join(to, entry.name.replace(/\.ts$/, ".js")), outputText);
        }
    }
}

/**
 * The driver as a user runs it, in real processes of its own, against a temporary project.
 * Compiled without type checks (a few seconds, where `npm run build` takes half a minute),
 * because a process started through ts-node spends seconds compiling before it does anything;
 * the launcher then runs dist/ as it does after `npm install`. The source folders are left empty, so
 * nothing there can differ from the build.
 */
export function compiledDriverProject(stackConfig: Record<string, unknown> = {}): CompiledDriverProject {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "driver-project-"));
    for (const folder of ["driver", "infra"]) {
        transpileTree(path.join(PROJECT_ROOT, folder), path.join(dir, "dist", folder));
        fs.mkdirSync(path.join(dir, folder), { recursive: true });
    }
    fs.copyFileSync(path.join(PROJECT_ROOT, "driver", "launch.js"), path.join(dir, "driver", "launch.js"));
    fs.cpSync(path.join(PROJECT_ROOT, "build"), path.join(dir, "build"), { recursive: true });
    fs.symlinkSync(path.join(PROJECT_ROOT, "node_modules"), path.join(dir, "node_modules"));
    fs.copyFileSync(path.join(PROJECT_ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    const config = Object.entries(stackConfig).map(([key, value]) => `  workshop-accounts:${key}: ${JSON.stringify(value)}\n`).join("");
    fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), `config:\n  workshop-accounts:workshopName: test-ws\n${config}`);
    // The build's stamp over the (empty) source folders: launch.js then takes dist/ as current, as after `npm install`.
    writeStamp(dir, snapshot(dir));
    return {
        dir,
        run: (args) => new Promise((resolve, reject) => {
            const child = spawn(process.execPath, [path.join(dir, "driver", "launch.js"), ...args], {
                cwd: dir, env: { PATH: process.env.PATH, HOME: os.tmpdir() }, stdio: ["ignore", "pipe", "pipe"],
            });
            let stdout = "";
            let stderr = "";
            child.stdout.on("data", (chunk: Buffer) => { stdout += chunk.toString(); });
            child.stderr.on("data", (chunk: Buffer) => { stderr += chunk.toString(); });
            child.on("error", reject);
            child.on("close", (code, signal) => resolve({ args, code, signal, stdout, stderr }));
        }),
        remove: () => fs.rmSync(dir, { recursive: true, force: true }),
    };
}
