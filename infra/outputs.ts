/**
 * The stack outputs, as plain values once resolved. The driver, the welcome emails and the
 * dashboard read only these, so they never need another AWS lookup to find a student.
 */
export interface StudentOutput {
    /** The roster's email: also the student's Identity Center user name and where mail goes. */
    email: string;
    name: string;
    accountId: string;
    accountName: string;
    /** Plus-addressed root email of the account (the instructor's mailbox). */
    accountEmail: string;
    userName: string;
    identityStoreUserId: string;
    budgetName: string;
    budgetLimitUsd: number;
}

export interface WorkshopOutputs {
    workshopName: string;
    instructorEmail: string;
    accessPortalUrl: string;
    ouId: string;
    allowedRegions: string[];
    /**
     * The gated services the guardrails open (allowedServices): the inventory lists only those of the
     * gated kinds. Absent from stacks last updated before it existed: every kind is then listed.
     */
    allowedServices?: string[];
    masterBudgetName: string;
    masterBudgetUsd: number;
    /** Percent of each student's budget at which ACTUAL-spend alerts go out. */
    budgetAlertThresholds: number[];
    /** True when reaching 100% of a budget attaches the freeze SCP. */
    budgetFreeze: boolean;
    /**
     * True when the budgets count credits (CostTypes.IncludeCredit): usage paid by credits then
     * shows as no spend. Absent from stacks whose program does not export it yet; readers fall back.
     */
    budgetsIncludeCredits?: boolean;
    /** The permission set students choose in the portal (shown there as the role). */
    permissionSetName: string;
    /**
     * Its ARN, for `doctor` (Identity Center's assignment and provisioning calls take it). Absent
     * from stacks last updated before this output existed, until their next `up`.
     */
    permissionSetArn?: string;
    /** Keyed by the student's stable key (see infra/roster/naming.ts). */
    students: Record<string, StudentOutput>;
    /** Present only with workshopMode on. The secret access keys are outputs of their own, marked secret. */
    workshopModeUserName?: string;
    /** Present only with registration on; the workshop code is an output of its own, marked secret. */
    registration?: RegistrationOutput;
}

/** Where students register, and the table `roster pull` and `status` read. */
export interface RegistrationOutput {
    url: string;
    tableName: string;
    region: string;
}

/** Stack output names, shared by the program that exports them and the tools that read them. */
export const OUTPUT_NAMES = ["workshopName", "instructorEmail", "accessPortalUrl", "ouId", "allowedRegions", "allowedServices",
    "masterBudgetName", "masterBudgetUsd", "budgetAlertThresholds", "budgetFreeze", "budgetsIncludeCredits", "permissionSetName", "permissionSetArn", "students",
    "workshopModeUserName", "registration"] as const;
export const WORKSHOP_MODE_KEYS_OUTPUT = "workshopModeAccessKeys";
export const REGISTRATION_CODE_OUTPUT = "registrationCode";
