import { expect } from "chai";
import { spawn } from "child_process";
import * as fs from "fs";
// The module object itself (not the namespace copy), so a test can replace one of its functions.
// eslint-disable-next-line no-duplicate-imports -- a second, default import of the same module is the point
import nodeFs from "fs";
import * as os from "os";
import * as path from "path";

import { FileNotWritableError, writeFileAtomic } from "../../../driver/files/atomic-file";
import { PROJECT_ROOT } from "../../../infra/project-root";

const DEAD_PID = 2147483646;
const isRoot = process.getuid?.() === 0;

/**
 * Runs writeFileAtomic in its own process, which sends itself `signal` from inside the write
 * (between writing the temp file and renaming it): the worst moment to be interrupted.
 */
function writeInterrupted(file: string, text: string, signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
    const script = `
        const fs = require("fs");
        const fsync = fs.fsyncSync;
        fs.fsyncSync = (fd) => { process.kill(process.pid, ${JSON.stringify(signal)}); return fsync(fd); };
        require("./driver/files/atomic-file").writeFileAtomic(${JSON.stringify(file)}, ${JSON.stringify(text)});`;
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], { cwd: PROJECT_ROOT, stdio: ["ignore", "ignore", "pipe"] });
        let stderr = "";
        child.stderr.on("data", (chunk: Buffer) => { stderr += chunk.toString(); });
        child.on("error", reject);
        child.on("exit", (code, exitSignal) => resolve({ code, signal: exitSignal, stderr }));
    });
}

describe("writeFileAtomic", () => {
    let dir: string;
    let file: string;
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "atomic-file-"));
        file = path.join(dir, "roster.yaml");
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    const mode = (f: string) => fs.statSync(f).mode & 0o7777;

    it("keeps the mode of the file it replaces; a new file gets the mode asked for", () => {
        for (const kept of [0o600, 0o640, 0o664]) {
            fs.writeFileSync(file, "old\n");
            fs.chmodSync(file, kept);
            writeFileAtomic(file, "new\n", 0o644);
            expect(mode(file).toString(8)).to.equal(kept.toString(8));
            expect(fs.readFileSync(file, "utf8")).to.equal("new\n");
        }
        const fresh = path.join(dir, "ledger.json");
        writeFileAtomic(fresh, "{}\n", 0o600);
        expect(mode(fresh).toString(8)).to.equal("600");
    });

    it("keeps the owner and group of the file it replaces (when running as root, who can chown)", function () {
        if (!isRoot) this.skip();
        fs.writeFileSync(file, "old\n");
        fs.chownSync(file, 1234, 2345);
        writeFileAtomic(file, "new\n");
        const stats = fs.statSync(file);
        expect([stats.uid, stats.gid]).to.deep.equal([1234, 2345]);
    });

    it("writes through a symlink to its target: the link stays a link, and the shared file gets the text", () => {
        const shared = path.join(dir, "shared");
        const project = path.join(dir, "project");
        fs.mkdirSync(shared);
        fs.mkdirSync(project);
        fs.writeFileSync(path.join(shared, "class.yaml"), "old\n");
        fs.symlinkSync("../shared/class.yaml", path.join(project, "roster.yaml"));
        fs.symlinkSync("roster.yaml", path.join(project, "link-to-link.yaml"));

        writeFileAtomic(path.join(project, "link-to-link.yaml"), "new\n");
        expect(fs.lstatSync(path.join(project, "roster.yaml")).isSymbolicLink()).to.equal(true);
        expect(fs.lstatSync(path.join(project, "link-to-link.yaml")).isSymbolicLink()).to.equal(true);
        expect(fs.readFileSync(path.join(shared, "class.yaml"), "utf8")).to.equal("new\n");
        expect(fs.readdirSync(shared)).to.deep.equal(["class.yaml"]);
        expect(fs.readdirSync(project).sort()).to.deep.equal(["link-to-link.yaml", "roster.yaml"]);
    });

    it("creates the target of a dangling symlink rather than replacing the link", () => {
        fs.symlinkSync("elsewhere.yaml", file);
        writeFileAtomic(file, "new\n");
        expect(fs.lstatSync(file).isSymbolicLink()).to.equal(true);
        expect(fs.readFileSync(path.join(dir, "elsewhere.yaml"), "utf8")).to.equal("new\n");
    });

    it("refuses a read-only file with a clear message, and changes nothing", () => {
        fs.writeFileSync(file, "old\n");
        fs.chmodSync(file, 0o444);
        expect(() => writeFileAtomic(file, "new\n")).to.throw(FileNotWritableError,
            `${file} is read-only (mode 0444); nothing was changed. If it should be edited, make it writable first: chmod u+w ${file}`);
        expect(fs.readFileSync(file, "utf8")).to.equal("old\n");
        expect(mode(file).toString(8)).to.equal("444");
        expect(fs.readdirSync(dir)).to.deep.equal(["roster.yaml"]);
    });

    it("removes its temporary file when the write fails midway, and leaves the old content", () => {
        fs.writeFileSync(file, "old\n");
        const fsync = nodeFs.fsyncSync;
        nodeFs.fsyncSync = () => { throw Object.assign(new Error("ENOSPC: no space left on device"), { code: "ENOSPC" }); };
        try {
            expect(() => writeFileAtomic(file, "new\n")).to.throw(/ENOSPC/);
        } finally {
            nodeFs.fsyncSync = fsync;
        }
        expect(fs.readFileSync(file, "utf8")).to.equal("old\n");
        expect(fs.readdirSync(dir)).to.deep.equal(["roster.yaml"]);
    });

    it("cleans the temporary files of runs that died (pid gone), and only those", () => {
        fs.writeFileSync(file, "old\n");
        const dead = `.roster.yaml.${DEAD_PID}.tmp`;
        const alive = `.roster.yaml.${process.ppid}.tmp`;
        const other = `.ledger.json.${DEAD_PID}.tmp`;
        for (const name of [dead, alive, other]) fs.writeFileSync(path.join(dir, name), "");
        writeFileAtomic(file, "new\n");
        expect(fs.readdirSync(dir).sort()).to.deep.equal([alive, other, "roster.yaml"].sort());
    });

    describe("interrupted, in a real process", function () {
        this.timeout(60_000);

        it("Ctrl-C or a polite kill during the write: the write completes, then the process ends by that signal; no temporary file", async () => {
            const files = ["SIGINT", "SIGTERM", "SIGHUP"].map((signal) => path.join(dir, `${signal}.yaml`));
            files.forEach((f) => fs.writeFileSync(f, "old\n"));
            const runs = await Promise.all((["SIGINT", "SIGTERM", "SIGHUP"] as const).map((signal, i) => writeInterrupted(files[i], "new\n", signal)));
            runs.forEach((run, i) => expect(run.signal, run.stderr).to.equal(["SIGINT", "SIGTERM", "SIGHUP"][i]));
            files.forEach((f) => expect(fs.readFileSync(f, "utf8")).to.equal("new\n"));
            expect(fs.readdirSync(dir).sort()).to.deep.equal(["SIGHUP.yaml", "SIGINT.yaml", "SIGTERM.yaml"]);
        });

        it("SIGKILL during the write (which nothing can catch): the old content stays, and the next write cleans the temporary file", async () => {
            fs.writeFileSync(file, "old\n");
            const run = await writeInterrupted(file, "new\n", "SIGKILL");
            expect(run.signal).to.equal("SIGKILL");
            expect(fs.readFileSync(file, "utf8")).to.equal("old\n");
            expect(fs.readdirSync(dir)).to.have.length(2);
            writeFileAtomic(file, "newer\n");
            expect(fs.readdirSync(dir)).to.deep.equal(["roster.yaml"]);
            expect(fs.readFileSync(file, "utf8")).to.equal("newer\n");
        });
    });
});
