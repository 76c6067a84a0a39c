import * as path from "path";
import { type Browser,chromium } from "playwright-core";

import { resolveChromium } from "./chromium-executable";

/**
 * Headless Chromium through playwright-core, for browser tests; chromium-executable.ts says which
 * one. Background networking is off so a test never reaches the internet; callers close the browser
 * in an after hook. A browser that is missing or does not start fails the caller's hook with a
 * message naming it: it never turns into a skipped test.
 */
export async function launchChromium(): Promise<Browser> {
    const resolved = await resolveChromium();
    try {
        return await chromium.launch({
            executablePath: resolved.executablePath,
            env: resolved.env,
            args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        });
    } catch (error) {
        const remedy = resolved.source === "bundled"
            ? `delete ${path.dirname(resolved.executablePath)} to unpack it again, or set CHROMIUM_PATH to another Chromium`
            : "set CHROMIUM_PATH to another Chromium or Chrome";
        throw new Error(`the ${resolved.source} Chromium at ${resolved.executablePath} did not start (${remedy}): ${(error as Error).message}`, { cause: error });
    }
}
