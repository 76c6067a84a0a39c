/** Types of build/bundle-lambda.js, for the tests that run it. */
export const LAMBDA_BUNDLES: { entry: string; out: string }[];
export function bundleLambdas(root: string): void;
