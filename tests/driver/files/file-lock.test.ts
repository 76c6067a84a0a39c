import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { withFileLock } from "../../../driver/files/file-lock";

const DEAD_PID = 2147483646;
const edit = { purpose: "roster edit" };
const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: Error) => error.message);

describe("file lock", () => {
    let dir: string;
    let lock: string;
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "file-lock-"));
        lock = path.join(dir, "roster.yaml.lock");
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("holds the pid and what it does while running, and is gone after, also when the work fails", async () => {
        expect(await withFileLock(lock, edit, () => fs.readFileSync(lock, "utf8"))).to.equal(`${process.pid}\n${edit.purpose}`);
        expect(await failure(withFileLock(lock, edit, () => { throw new Error("boom"); }))).to.equal("boom");
        expect(fs.existsSync(lock)).to.equal(false);
    });

    it("lets one holder in at a time: waiters of the same process take turns", async () => {
        const events: string[] = [];
        const work = (name: string) => withFileLock(lock, { ...edit, waitMs: 10_000, retryMs: 5 }, async () => {
            events.push(`start ${name}`);
            await new Promise((resolve) => setTimeout(resolve, 20));
            events.push(`end ${name}`);
        });
        await Promise.all(["a", "b", "c"].map(work));
        for (let i = 0; i < events.length; i += 2) expect(events[i + 1]).to.equal(events[i].replace("start", "end"));
        expect(events).to.have.length(6);
    });

    it("refuses at once without waitMs, naming the running holder and how to clear a leftover", async () => {
        fs.writeFileSync(lock, String(process.ppid));
        expect(await failure(withFileLock(lock, edit, () => "ran"))).to.equal(
            `another roster edit (pid ${process.ppid}) is in progress; wait for it to finish and try again. If no such roster edit is running, delete ${lock}.`);
        expect(fs.readFileSync(lock, "utf8")).to.equal(String(process.ppid));
    });

    it("waits for a running holder up to waitMs, then says how long it waited", async () => {
        fs.writeFileSync(lock, String(process.ppid));
        expect(await failure(withFileLock(lock, { ...edit, waitMs: 1000 }, () => "ran"))).to.match(/is in progress after waiting 1 s; wait/);
    });

    it("refuses a second hold by the same process when not waiting", async () => {
        const inner = await withFileLock(lock, edit, () => failure(withFileLock(lock, edit, () => "nested")));
        expect(inner).to.match(/a roster edit of this process is already in progress/);
    });

    it("takes over a lock whose holder is gone, or that holds no pid and is old; an empty new one is being written", async () => {
        const old = new Date(Date.now() - 60_000);
        for (const [content, mtime] of [[String(DEAD_PID), new Date()], ["not a pid", new Date()], ["", old]] as const) {
            fs.writeFileSync(lock, content);
            fs.utimesSync(lock, mtime, mtime);
            expect(await withFileLock(lock, edit, () => "ran"), content).to.equal("ran");
            expect(fs.readdirSync(dir), content).to.deep.equal([]);
        }
        fs.writeFileSync(lock, "");
        expect(await failure(withFileLock(lock, edit, () => "ran"))).to.match(/^another roster edit is in progress/);
    });

    it("never removes a lock that is not its own any more", async () => {
        await withFileLock(lock, edit, () => fs.writeFileSync(lock, String(process.ppid)));
        expect(fs.readFileSync(lock, "utf8")).to.equal(String(process.ppid));
    });
});
