// The registrations table as the function writes it and the driver reads it (`roster pull`,
// `status`). One table, one string key, TTL on `expiresAt`: DynamoDB deletes an expired item
// within a few days, not at once (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/howitworks-ttl.html),
// so every reader also checks `expiresAt` itself.

export const TABLE_KEY = "pk";
export const TTL_ATTRIBUTE = "expiresAt";

/** A registration waits for its confirmation link, then waits for `roster pull`; pulled ones are deleted. */
export type RegistrationStatus = "pending" | "confirmed";

/** A student's registration as stored, one per email address (lower-cased in the key). */
export interface RegistrationRecord {
    email: string;
    name: string;
    status: RegistrationStatus;
    /** SHA-256 of the confirmation token; the token itself is only in the email. */
    tokenHash: string;
    requestedAt: string;
    /** Epoch seconds after which the link no longer confirms. */
    tokenExpiresAt: number;
    confirmedAt?: string;
    /** Epoch seconds: TTL. */
    expiresAt: number;
}

export const REGISTRATION_PREFIX = "registration#";

export const RECORD_KEYS = {
    registration: (email: string) => `${REGISTRATION_PREFIX}${email.trim().toLowerCase()}`,
    /** Finds the registration a link belongs to; holds the lower-cased email, never the token. */
    token: (tokenHash: string) => `token#${tokenHash}`,
    sourceCap: (sourceHash: string, hour: string) => `cap#source#${sourceHash}#${hour}`,
    globalCap: (hour: string) => `cap#all#${hour}`,
    /** `confirmed`: registrations confirmed and not pulled yet (the seats they take). */
    seats: "seats",
    /** `students`: how many the roster lists; written by the program at `up` and by `roster pull`. */
    roster: "roster",
    /** `count`: registrations pulled into the roster (and deleted) so far. */
    pulled: "pulled",
} as const;

/** A confirmation link works this long. */
export const TOKEN_LIFETIME_SECONDS = 24 * 3600;
/** A confirmed registration nobody pulls is personal data kept for nothing: it expires after this. */
export const CONFIRMED_LIFETIME_SECONDS = 30 * 24 * 3600;

/** The function's environment, named once for the program that sets it and the handler that reads it. */
export const ENV = {
    table: "REGISTRATION_TABLE",
    workshopName: "WORKSHOP_NAME",
    publicUrl: "PUBLIC_URL",
    codeHash: "WORKSHOP_CODE_SHA256",
    hashKey: "SOURCE_HASH_KEY",
    sender: "SENDER_EMAIL",
    instructor: "INSTRUCTOR_EMAIL",
    maxStudents: "MAX_STUDENTS",
    closesAt: "CLOSES_AT",
    emailDomains: "EMAIL_DOMAINS",
    sourceHourlyCap: "SOURCE_HOURLY_CAP",
    globalHourlyCap: "GLOBAL_HOURLY_CAP",
} as const;
