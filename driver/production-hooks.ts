import type { CommandOptions } from "./commands";

/**
 * The real work around an update: welcome emails after `up` (each student once, per the
 * ledger), the post-workshop report and the freeze's stop before `destroy`. Only driver/cli.ts uses these.
 * Each loads its module when it runs, so commands that never update (and `--help`) load no AWS SDK client.
 */
export const productionCommandOptions: CommandOptions = {
    afterUpdate: async (ctx, outputs) => {
        const { sendStackWelcomeEmails } = await import("./email/stack-emails");
        return (await sendStackWelcomeEmails(ctx, outputs)).failed;
    },
    beforeDestroy: async (ctx) => {
        const { writeReport } = await import("./report/write-report");
        const written = await writeReport(ctx);
        ctx.log(`Report written: ${written.markdownPath} and ${written.csvPath}`);
        return 0;
    },
    stopResources: async (...args) => (await import("./freeze/stop-accounts")).stopBeforeClosing(...args),
    checkOrganization: async (...args) => (await import("./doctor/org-readiness")).organizationReadiness(...args),
    afterNewAccounts: async (...args) => (await import("./doctor/guardrail-proof")).proveOnFirstNewAccount(...args),
    removeProbeRoles: async (...args) => (await import("./doctor/guardrail-proof")).removeStudentProbeRoles(...args),
};
