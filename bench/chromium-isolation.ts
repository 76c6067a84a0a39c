/**
 * Launches the Chromium the browser tests would (tests/support/chromium-executable.ts), renders a
 * page, and lists the shared libraries the browser process mapped, to show where NSS, NSPR, expat
 * and the fonts come from. bench/chromium-isolation.sh runs it with Debian's chromium, those
 * libraries and the system fonts hidden. Also times unpacking the bundled Chromium cold and cached.
 *
 *   ts-node --transpile-only bench/chromium-isolation.ts
 *
 * Exits 1 when the page renders no text or the browser mapped NSS/NSPR/expat from outside the cache.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { launchChromium } from "../tests/support/browser";
import { bundledChromiumSource, unpackBundledChromium } from "../tests/support/bundled-chromium";
import { CHROMIUM_CACHE, resolveChromium } from "../tests/support/chromium-executable";
import { fmt, machineLine, median, table } from "./support/table";

const BUNDLED_LIBS = /\/lib(nss3|nssutil3|smime3|nspr4|plc4|plds4|expat|freebl|softokn3)[^/]*$/;

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
    const started = performance.now();
    const result = await work();
    return [result, performance.now() - started];
}

/** Shared objects mapped by every process running `executable` (the browser and its children). */
function mappedLibraries(executable: string): string[] {
    const real = fs.realpathSync(executable);
    const libraries = new Set<string>();
    for (const pid of fs.readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
        try {
            if (fs.readlinkSync(`/proc/${pid}/exe`) !== real) continue;
            for (const line of fs.readFileSync(`/proc/${pid}/maps`, "utf8").split("\n")) {
                const file = line.split(/\s+/)[5];
                if (file && /\.so(\.|$)/.test(file)) libraries.add(file);
            }
        } catch {
            // The process ended or is not ours to read.
        }
    }
    return [...libraries].sort();
}

async function main(): Promise<void> {
    console.log(machineLine());
    const coldCache = fs.mkdtempSync(path.join(os.tmpdir(), "chromium-cold-"));
    let cold: number;
    try {
        [, cold] = await timed(() => unpackBundledChromium(bundledChromiumSource(), coldCache));
    } finally {
        fs.rmSync(coldCache, { recursive: true, force: true });
    }
    const cachedBefore = fs.existsSync(CHROMIUM_CACHE) && fs.readdirSync(CHROMIUM_CACHE).some((name) => !name.startsWith("."));
    const [resolved, resolve] = await timed(() => resolveChromium());

    const [browser, firstLaunch] = await timed(() => launchChromium());
    const page = await browser.newPage();
    const [rendered, render] = await timed(async () => {
        await page.setContent("<h1 style='font-family:sans-serif'><span>Workshop accounts</span></h1><p>rendered without system libraries</p>");
        return page.evaluate(() => ({
            text: document.body.innerText.replace(/\s+/g, " "),
            headingWidth: Math.round(document.querySelector("h1 span")!.getBoundingClientRect().width),
            font: getComputedStyle(document.querySelector("h1")!).fontFamily,
        }));
    });
    const libraries = mappedLibraries(resolved.executablePath);
    const version = browser.version();
    await browser.close();
    const relaunches: number[] = [];
    for (let i = 0; i < 3; i++) relaunches.push((await timed(async () => (await launchChromium()).close()))[1]);

    console.log(`\nbrowser: ${resolved.source} Chromium ${version} at ${resolved.executablePath}`);
    console.log(`LD_LIBRARY_PATH for the browser: ${resolved.env.LD_LIBRARY_PATH ?? "(unset)"}; for this process: ${process.env.LD_LIBRARY_PATH ?? "(unset)"}`);
    console.log(`page text: "${rendered.text}"; heading ${rendered.headingWidth} px wide in ${rendered.font} (0 px would mean no font)\n`);
    console.log(table(["step", "ms"], [
        ["unpack @sparticuz/chromium into an empty cache", fmt(cold, 0)],
        [`resolve (project cache ${cachedBefore ? "already unpacked" : "empty: unpacks"})`, fmt(resolve, 0)],
        ["first launch", fmt(firstLaunch, 0)],
        ["render the page", fmt(render, 0)],
        ["launch + close, cached, median of 3", fmt(median(relaunches), 0)],
    ]));
    const outside = libraries.filter((file) => BUNDLED_LIBS.test(file) && !file.startsWith(CHROMIUM_CACHE));
    console.log(`\nshared objects mapped by the browser (${libraries.length}):`);
    for (const file of libraries) console.log(`  ${file.startsWith(CHROMIUM_CACHE) ? "cache " : "system"}  ${file}`);
    if (resolved.source === "bundled" && libraries.length === 0) throw new Error("found no browser process to inspect");
    if (outside.length) throw new Error(`NSS/NSPR/expat mapped from outside ${CHROMIUM_CACHE}: ${outside.join(", ")}`);
    if (!rendered.text.includes("rendered without system libraries") || rendered.headingWidth === 0) {
        throw new Error(`the page did not render: ${JSON.stringify(rendered)}`);
    }
    console.log("\nOK: rendered with no NSS/NSPR/expat from outside the cache");
}

main().catch((error: Error) => {
    console.error(`FAILED: ${error.message}`);
    process.exit(1);
});
