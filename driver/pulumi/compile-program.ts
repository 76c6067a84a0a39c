import { spawn } from "child_process";
import * as path from "path";

import type { Engine } from "./engine";

/** The program does not compile: nothing was previewed or deployed. */
export class ProgramCompileError extends Error {
    constructor(readonly diagnostics: string) {
        super(`the program does not compile, so nothing was previewed or deployed. Fix these errors and run the command again:\n${diagnostics}`);
        this.name = "ProgramCompileError";
    }
}

/**
 * Brings dist/ up to date with the sources before Pulumi runs the program from it: the project's
 * own build (build/compile.js, `npm run build`: tsc -p tsconfig.build.json, incremental, and
 * nothing at all when dist/ is current). Its progress lines go to `log`; a failed compile rejects
 * with tsc's errors. In a child process: build/ is plain JavaScript outside the compiled tree, and
 * tsc's seconds of parsing must not block the driver's event loop.
 */
export function compileProgram(projectDir: string, log: (line: string) => void): Promise<void> {
    return new Promise((done, fail) => {
        const child = spawn(process.execPath, [path.join(projectDir, "build", "compile.js"), "--quiet"], { cwd: projectDir, stdio: ["ignore", "pipe", "pipe"] });
        let errors = "";
        child.stdout.setEncoding("utf8").on("data", (text: string) => text.split("\n").filter(Boolean).forEach((line) => log(line)));
        child.stderr.setEncoding("utf8").on("data", (text: string) => { errors += text; });
        child.on("error", fail);
        child.on("close", (code) => (code === 0 ? done() : fail(new ProgramCompileError(errors.trim() || `build/compile.js exited with ${code}`))));
    });
}

/**
 * The engine with the compile step before every operation that runs the program: preview and up.
 * destroy does not run the program (Pulumi destroys what the state lists), so a workshop can be
 * torn down even while its code is broken.
 */
export function compilingEngine(engine: Engine, compile: () => Promise<void>): Engine {
    return {
        get description() { return engine.description; },
        preview: async (onEvent, inputs) => { await compile(); return engine.preview(onEvent, inputs); },
        up: async (onEvent, inputs) => { await compile(); return engine.up(onEvent, inputs); },
        destroy: (onEvent, options) => engine.destroy(onEvent, options),
        outputs: () => engine.outputs(),
        stateVersion: () => engine.stateVersion(),
        listStacks: () => engine.listStacks(),
        getConfig: (key) => engine.getConfig(key),
        setConfig: (key, value, secret) => engine.setConfig(key, value, secret),
    };
}
