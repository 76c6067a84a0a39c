import * as fs from "fs";
import * as path from "path";

import { PROJECT_ROOT } from "../project-root";

/** Where `npm run build` writes the function's bundle (build/bundle-lambda.js; a test keeps the two in step). */
export const REGISTRATION_BUNDLE = path.join("dist", "lambda", "registration", "index.js");

/** The bundle's path, or an error saying how to make it: the program never deploys a function without its code. */
export function registrationBundlePath(root = PROJECT_ROOT): string {
    const file = path.join(root, REGISTRATION_BUNDLE);
    if (!fs.existsSync(file)) {
        throw new Error(`registration is on, but its function is not built (${REGISTRATION_BUNDLE} is missing): run \`npm run build\`, then try again`);
    }
    return file;
}
