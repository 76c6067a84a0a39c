import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { brotliCompressSync } from "zlib";

import { bundledChromiumSource, type BundleSource,unpackBundledChromium } from "./bundled-chromium";

const FAKE_BROWSER = "#!/bin/sh\necho fake chromium\n";

describe("unpacking the bundled Chromium", () => {
    let work: string;
    let cacheRoot: string;
    /** The package's own library and font archives with a small stand-in for the 190 MB browser. */
    function source(version: string): BundleSource {
        const binDir = path.join(work, `bin-${version}`);
        fs.mkdirSync(binDir, { recursive: true });
        fs.writeFileSync(path.join(binDir, "chromium.br"), brotliCompressSync(Buffer.from(FAKE_BROWSER)));
        for (const archive of ["al2023.tar.br", "fonts.tar.br"]) {
            fs.copyFileSync(path.join(bundledChromiumSource().binDir, archive), path.join(binDir, archive));
        }
        return { binDir, version };
    }

    beforeEach(() => {
        work = fs.mkdtempSync(path.join(os.tmpdir(), "bundled-chromium-"));
        cacheRoot = path.join(work, "cache");
    });
    afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

    it("unpacks the browser, its NSS/NSPR/expat libraries and fonts under a directory named by the package version", async () => {
        const bundle = await unpackBundledChromium(source("147.0.0"), cacheRoot);
        expect(bundle.executablePath).to.equal(path.join(cacheRoot, "147.0.0", "chromium"));
        expect(fs.readFileSync(bundle.executablePath, "utf8")).to.equal(FAKE_BROWSER);
        expect(fs.statSync(bundle.executablePath).mode & 0o100, "owner may execute").to.not.equal(0);
        expect(bundle.libDir).to.equal(path.join(cacheRoot, "147.0.0", "lib"));
        expect(fs.readdirSync(bundle.libDir)).to.include.members(["libnss3.so", "libnspr4.so", "libexpat.so.1"]);
        const fontsConf = fs.readFileSync(bundle.fontconfigFile, "utf8");
        expect(fontsConf, "the bundled fonts, not the package's /tmp paths").to.contain(`<dir>${path.join(cacheRoot, "147.0.0", "fonts")}</dir>`)
            .and.not.contain("/tmp/fonts");
        expect(fs.readdirSync(path.join(cacheRoot, "147.0.0", "fonts", "Open_Sans"))).to.include("OpenSans-Regular.ttf");
    });

    it("reuses an earlier unpack without reading the package again", async () => {
        const first = source("147.0.0");
        const unpacked = await unpackBundledChromium(first, cacheRoot);
        fs.rmSync(first.binDir, { recursive: true });
        expect(await unpackBundledChromium(first, cacheRoot)).to.deep.equal(unpacked);
    });

    it("gives two processes unpacking at once the same complete copy and leaves no temporary directory", async () => {
        const [a, b] = await Promise.all([unpackBundledChromium(source("147.0.0"), cacheRoot), unpackBundledChromium(source("147.0.0"), cacheRoot)]);
        expect(a).to.deep.equal(b);
        expect(fs.readFileSync(a.executablePath, "utf8")).to.equal(FAKE_BROWSER);
        expect(fs.readdirSync(cacheRoot)).to.deep.equal(["147.0.0"]);
    });

    it("unpacks again after a package upgrade and removes the old version", async () => {
        await unpackBundledChromium(source("147.0.0"), cacheRoot);
        const upgraded = await unpackBundledChromium(source("148.0.0"), cacheRoot);
        expect(upgraded.executablePath).to.equal(path.join(cacheRoot, "148.0.0", "chromium"));
        expect(fs.readdirSync(cacheRoot)).to.deep.equal(["148.0.0"]);
    });

    it("fails naming the missing archive and leaves nothing half-unpacked", async () => {
        const broken = source("147.0.0");
        fs.rmSync(path.join(broken.binDir, "al2023.tar.br"));
        let message = "";
        await unpackBundledChromium(broken, cacheRoot).catch((error: Error) => (message = error.message));
        expect(message).to.contain(`could not unpack the bundled Chromium from ${broken.binDir}`).and.contain("al2023.tar.br");
        expect(fs.readdirSync(cacheRoot)).to.deep.equal([]);
    });
});
