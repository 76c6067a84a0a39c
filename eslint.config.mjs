// ESLint flat config: typescript-eslint's recommended rules, the type-aware checks that catch real
// bugs in async driver code (cheap enough on this codebase), and one import order everywhere.
import js from "@eslint/js";
import simpleImportSort from "eslint-plugin-simple-import-sort";
import tseslint from "typescript-eslint";

export default tseslint.config(
    { ignores: ["dist/**", "node_modules/**", ".cache/**", ".pulumi-state/**", ".pulumi-cli/**", ".workshop/**", "tests/artifacts/**"] },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        files: ["**/*.ts"],
        languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
        plugins: { "simple-import-sort": simpleImportSort },
        rules: {
            "@typescript-eslint/no-floating-promises": "error",
            "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { arguments: false } }],
            "@typescript-eslint/await-thenable": "error",
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
            "no-duplicate-imports": ["error", { allowSeparateTypeImports: true }],
            // One import order everywhere: packages first, then the project's own modules.
            "simple-import-sort/imports": "error",
        },
    },
    {
        // Pulumi's mock monitor hands the tests each resource's inputs and state as untyped engine data.
        files: ["tests/support/pulumi-harness.ts", "tests/infra/**/*.ts"],
        rules: { "@typescript-eslint/no-explicit-any": "off" },
    },
    {
        files: ["**/*.js", "**/*.mjs", "**/*.cjs"],
        languageOptions: { globals: { require: "readonly", module: "writable", process: "readonly", __dirname: "readonly", console: "readonly" } },
        rules: { "@typescript-eslint/no-require-imports": "off" },
    },
);
