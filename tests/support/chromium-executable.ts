import * as fs from "fs";
import * as path from "path";

import { type BundledChromium,bundledChromiumSource, unpackBundledChromium } from "./bundled-chromium";

export const DEBIAN_CHROMIUM = "/usr/bin/chromium";
/** Git-ignored; holds one unpacked copy per @sparticuz/chromium version. */
export const CHROMIUM_CACHE = path.resolve(__dirname, "..", "..", ".cache", "chromium");

export type ChromiumChoice =
    | { source: "CHROMIUM_PATH" | "Debian"; executablePath: string }
    | { source: "bundled" };

/**
 * CHROMIUM_PATH (another Chromium or Chrome, e.g. GitHub runners' Google Chrome), else Debian's
 * chromium, else the one bundled in @sparticuz/chromium. A CHROMIUM_PATH that names nothing is an
 * error, never a silent fallback: the user asked for that browser.
 */
export function chooseChromium(env: NodeJS.ProcessEnv, isExecutableFile: (file: string) => boolean): ChromiumChoice {
    const wanted = env.CHROMIUM_PATH;
    if (wanted) {
        if (!isExecutableFile(wanted)) {
            throw new Error(`CHROMIUM_PATH=${wanted} is not an executable file; fix it, or unset it to use Debian's chromium or the bundled one`);
        }
        return { source: "CHROMIUM_PATH", executablePath: wanted };
    }
    if (isExecutableFile(DEBIAN_CHROMIUM)) return { source: "Debian", executablePath: DEBIAN_CHROMIUM };
    return { source: "bundled" };
}

/** A regular file (after symlinks) we may execute: /dev/null bind-mounted over a path is not one. */
export function isExecutableFile(file: string): boolean {
    try {
        if (!fs.statSync(file).isFile()) return false;
        fs.accessSync(file, fs.constants.X_OK);
        return true;
    } catch {
        return false;
    }
}

export interface ResolvedChromium {
    /** Where it came from, for messages. */
    source: ChromiumChoice["source"];
    executablePath: string;
    /** The browser process's environment; the test process's own stays untouched. */
    env: NodeJS.ProcessEnv;
}

let bundled: Promise<BundledChromium> | undefined;

/** The bundled browser's libraries and fonts apply to the browser process only. */
function bundledEnv(env: NodeJS.ProcessEnv, unpacked: BundledChromium): NodeJS.ProcessEnv {
    return {
        ...env,
        LD_LIBRARY_PATH: [unpacked.libDir, env.LD_LIBRARY_PATH].filter(Boolean).join(":"),
        FONTCONFIG_FILE: unpacked.fontconfigFile,
    };
}

export async function resolveChromium(env: NodeJS.ProcessEnv = process.env): Promise<ResolvedChromium> {
    const choice = chooseChromium(env, isExecutableFile);
    if (choice.source !== "bundled") return { ...choice, env };
    bundled ??= unpackBundledChromium(bundledChromiumSource(), CHROMIUM_CACHE);
    // A failed unpack is retried by the next caller rather than remembered.
    const unpacked = await bundled.catch((error: unknown) => {
        bundled = undefined;
        throw error;
    });
    return { source: "bundled", executablePath: unpacked.executablePath, env: bundledEnv(env, unpacked) };
}
