import * as fs from "fs";
import * as path from "path";
import { pipeline } from "stream/promises";
import { promisify } from "util";
import { brotliDecompress, createBrotliDecompress } from "zlib";

import { extractTar } from "./untar";

/**
 * The Chromium inside the @sparticuz/chromium dev dependency: a headless shell (`bin/chromium.br`)
 * plus the NSS/NSPR/expat libraries it links against (`bin/al2023.tar.br`) and a font
 * (`bin/fonts.tar.br`), so the browser tests need no system package. The package's own
 * `executablePath()` is not used: it unpacks into a shared /tmp unversioned and non-atomically, and
 * only unpacks the libraries when it believes it runs on Lambda.
 */
export interface BundleSource {
    /** The package's `bin` directory holding the brotli archives. */
    binDir: string;
    /** The package version: an upgrade unpacks into a new directory. */
    version: string;
}

export interface BundledChromium {
    executablePath: string;
    /** For the browser's LD_LIBRARY_PATH only. */
    libDir: string;
    /** For the browser's FONTCONFIG_FILE: the bundled font plus the system's fonts when there are any. */
    fontconfigFile: string;
}

const PACKAGE = "@sparticuz/chromium";
/** A temporary directory this old belongs to a run that was killed mid-unpack. */
const ABANDONED_AFTER_MS = 60 * 60 * 1000;

export function bundledChromiumSource(): BundleSource {
    let entry: string;
    try {
        entry = require.resolve(PACKAGE);
    } catch {
        throw new Error(`no Chromium for the browser tests: ${PACKAGE} is not installed (run npm install), `
            + "and neither CHROMIUM_PATH nor /usr/bin/chromium names one");
    }
    if (process.platform !== "linux" || process.arch !== "x64") {
        throw new Error(`the Chromium in ${PACKAGE} runs on Linux x64 only (this is ${process.platform} ${process.arch}); `
            + "set CHROMIUM_PATH to an installed Chromium or Chrome");
    }
    // The package's `exports` hide package.json, so find its root from the entry point (build/cjs/index.cjs).
    const root = path.resolve(path.dirname(entry), "..", "..");
    const { version } = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { version: string };
    return { binDir: path.join(root, "bin"), version };
}

function fontconfig(fontsDir: string, cacheDir: string): string {
    return [
        `<?xml version="1.0"?>`,
        `<!DOCTYPE fontconfig SYSTEM "fonts.dtd">`,
        `<!-- Written by tests/support/bundled-chromium.ts. Without any font a headless Chromium lays text out zero pixels wide. -->`,
        `<fontconfig>`,
        `  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>`,
        `  <dir>${fontsDir}</dir>`,
        `  <cachedir>${cacheDir}</cachedir>`,
        `</fontconfig>`,
        ``,
    ].join("\n");
}

function layout(dir: string): BundledChromium {
    return { executablePath: path.join(dir, "chromium"), libDir: path.join(dir, "lib"), fontconfigFile: path.join(dir, "fonts.conf") };
}

async function unpackInto(binDir: string, temp: string, final: string): Promise<void> {
    const archive = (name: string) => path.join(binDir, name);
    const untar = async (name: string) => extractTar(await promisify(brotliDecompress)(await fs.promises.readFile(archive(name))), temp);
    const browser = path.join(temp, "chromium");
    // allSettled: on a failure the caller removes `temp`, which must not be written to after that.
    const results = await Promise.allSettled([
        pipeline(fs.createReadStream(archive("chromium.br")), createBrotliDecompress(), fs.createWriteStream(browser)),
        untar("al2023.tar.br"),
        untar("fonts.tar.br"),
    ]);
    const failed = results.find((result): result is PromiseRejectedResult => result.status === "rejected");
    if (failed) throw failed.reason;
    await fs.promises.chmod(browser, 0o755);
    await fs.promises.chmod(temp, 0o755); // mkdtemp made it private
    // Replaces the package's fonts.conf, which points at Lambda's /tmp/fonts.
    await fs.promises.writeFile(path.join(temp, "fonts.conf"), fontconfig(path.join(final, "fonts"), path.join(final, "fontconfig-cache")));
}

/** Removes other versions' directories and temporary directories of killed runs. */
async function prune(cacheRoot: string, keep: string): Promise<void> {
    for (const name of await fs.promises.readdir(cacheRoot)) {
        const entry = path.join(cacheRoot, name);
        if (name === keep) continue;
        if (name.startsWith(".tmp-")) {
            const { mtimeMs } = await fs.promises.stat(entry).catch(() => ({ mtimeMs: Date.now() }));
            if (Date.now() - mtimeMs < ABANDONED_AFTER_MS) continue;
        }
        await fs.promises.rm(entry, { recursive: true, force: true });
    }
}

/**
 * Unpacks once into `<cacheRoot>/<version>/` and reuses that on later calls. The copy is built in
 * a temporary directory and renamed into place, so a directory under the version's name is always
 * complete, and two test processes unpacking at once both end up with one of the two copies.
 */
export async function unpackBundledChromium(source: BundleSource, cacheRoot: string): Promise<BundledChromium> {
    const final = path.join(cacheRoot, source.version);
    if (fs.existsSync(final)) return layout(final);

    await fs.promises.mkdir(cacheRoot, { recursive: true });
    const temp = await fs.promises.mkdtemp(path.join(cacheRoot, `.tmp-${source.version}-`));
    try {
        await unpackInto(source.binDir, temp, final);
    } catch (error) {
        await fs.promises.rm(temp, { recursive: true, force: true });
        throw new Error(`could not unpack the bundled Chromium from ${source.binDir} into ${cacheRoot}: ${(error as Error).message}`, { cause: error });
    }
    try {
        await fs.promises.rename(temp, final);
    } catch (error) {
        await fs.promises.rm(temp, { recursive: true, force: true });
        // Another process renamed its complete copy into place first.
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== "ENOTEMPTY" && code !== "EEXIST") throw error;
        return layout(final);
    }
    await prune(cacheRoot, source.version);
    return layout(final);
}
