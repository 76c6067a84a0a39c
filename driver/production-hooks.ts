import type { CommandOptions } from "./commands";
import { sendStackWelcomeEmails } from "./email/stack-emails";
import { stopBeforeClosing } from "./freeze/stop-accounts";
import { writeReport } from "./report/write-report";

/**
 * The real work around an update: welcome emails after `up` (each student once, per the
 * ledger), the post-workshop report and the freeze's stop before `destroy`. Only driver/cli.ts uses these.
 */
export const productionCommandOptions: CommandOptions = {
    afterUpdate: async (ctx, outputs) => (await sendStackWelcomeEmails(ctx, outputs)).failed,
    beforeDestroy: async (ctx) => {
        const written = await writeReport(ctx);
        ctx.log(`Report written: ${written.markdownPath} and ${written.csvPath}`);
        return 0;
    },
    stopResources: stopBeforeClosing,
};
