import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { brotliDecompressSync } from "zlib";

import { bundledChromiumSource } from "./bundled-chromium";
import { extractTar, readTar } from "./untar";

/** One 512-byte tar header, checksum included, for archives the package would never ship. */
function header(name: string, size: number, type = "0"): Buffer {
    const block = Buffer.alloc(512);
    block.write(name, 0, "latin1");
    block.write("0000644\0", 100, "latin1");
    block.write(`${size.toString(8).padStart(11, "0")}\0`, 124, "latin1");
    block.write(type, 156, "latin1");
    block.write("ustar\0" + "00", 257, "latin1");
    block.fill(" ", 148, 156);
    const sum = block.reduce((total, byte) => total + byte, 0);
    block.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, "latin1");
    return block;
}
const archive = (...blocks: Buffer[]) => Buffer.concat([...blocks, Buffer.alloc(1024)]);
const body = (text: string) => Buffer.concat([Buffer.from(text), Buffer.alloc(512 - text.length)]);

describe("tar reader for the bundled Chromium's archives", () => {
    it("reads the NSS, NSPR and expat libraries out of the package's archive", () => {
        const tar = brotliDecompressSync(fs.readFileSync(path.join(bundledChromiumSource().binDir, "al2023.tar.br")));
        const entries = readTar(tar);
        expect(entries.map((entry) => entry.path)).to.include.members(["lib/libnss3.so", "lib/libnspr4.so", "lib/libexpat.so.1", "lib/libnssutil3.so"]);
        const nss = entries.find((entry) => entry.path === "lib/libnss3.so")!;
        expect(nss.data.subarray(0, 4).toString("latin1")).to.equal("\x7fELF");
        expect(nss.mode & 0o111, "executable bits kept").to.not.equal(0);
    });

    it("writes files and directories under the target directory", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "untar-"));
        try {
            await extractTar(archive(header("fonts/", 0, "5"), header("fonts/a.txt", 5), body("hello")), dir);
            expect(fs.readFileSync(path.join(dir, "fonts", "a.txt"), "utf8")).to.equal("hello");
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("refuses an entry that would land outside the target directory", () => {
        expect(() => readTar(archive(header("../escape.txt", 5), body("hello")))).to.throw("tar entry ../escape.txt leaves the target directory");
        expect(() => readTar(archive(header("/etc/passwd", 5), body("hello")))).to.throw("tar entry /etc/passwd leaves the target directory");
    });

    it("refuses a damaged header and entry types it does not handle", () => {
        const damaged = header("a.txt", 5);
        damaged[0] = "b".charCodeAt(0);
        expect(() => readTar(archive(damaged, body("hello")))).to.throw("tar header at byte 0 is damaged (checksum)");
        expect(() => readTar(archive(header("link", 0, "2")))).to.throw("tar entry link has type 2; only files and directories are handled");
    });

    it("refuses an archive cut short", () => {
        expect(() => readTar(Buffer.concat([header("a.txt", 600), body("hello")]))).to.throw("tar entry a.txt is cut short");
    });
});
