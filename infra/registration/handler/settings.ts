import { ENV } from "../records";

/** What the function knows about its workshop, from the environment the program gives it. */
export interface RegistrationSettings {
    tableName: string;
    workshopName: string;
    /** The endpoint's base URL, for the link in the email (never taken from a request's Host header). */
    publicUrl: string;
    codeHash: string;
    /** Secret key of the HMAC that turns a source IP address into the key of its hourly cap. */
    hashKey: string;
    sender: string;
    instructorEmail: string;
    maxStudents: number;
    /** Registration refuses from this moment on; undefined: open until the workshop is full. */
    closesAt?: Date;
    /** Lower-case domains an address must be at; empty: any. */
    emailDomains: string[];
    sourceHourlyCap: number;
    globalHourlyCap: number;
}

type Environment = Record<string, string | undefined>;

/** The environment variables of these settings, as the program sets them. */
export function settingsEnvironment(settings: RegistrationSettings): Record<string, string> {
    return {
        [ENV.table]: settings.tableName,
        [ENV.workshopName]: settings.workshopName,
        [ENV.publicUrl]: settings.publicUrl,
        [ENV.codeHash]: settings.codeHash,
        [ENV.hashKey]: settings.hashKey,
        [ENV.sender]: settings.sender,
        [ENV.instructor]: settings.instructorEmail,
        [ENV.maxStudents]: String(settings.maxStudents),
        ...(settings.closesAt ? { [ENV.closesAt]: settings.closesAt.toISOString() } : {}),
        [ENV.emailDomains]: settings.emailDomains.join(","),
        [ENV.sourceHourlyCap]: String(settings.sourceHourlyCap),
        [ENV.globalHourlyCap]: String(settings.globalHourlyCap),
    };
}

/** Reads the settings; a missing or broken variable stops the function at its first request, naming it. */
export function settingsFromEnvironment(env: Environment): RegistrationSettings {
    const required = (name: string): string => {
        const value = env[name];
        if (!value) throw new Error(`the registration function's environment lacks ${name}: run \`npm run up\` again`);
        return value;
    };
    const count = (name: string): number => {
        const value = Number(required(name));
        if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number, got "${env[name]}"`);
        return value;
    };
    const closesAt = env[ENV.closesAt] ? new Date(env[ENV.closesAt]!) : undefined;
    if (closesAt && Number.isNaN(closesAt.getTime())) throw new Error(`${ENV.closesAt} must be a date and time, got "${env[ENV.closesAt]}"`);
    return {
        tableName: required(ENV.table),
        workshopName: required(ENV.workshopName),
        publicUrl: required(ENV.publicUrl).replace(/\/+$/, ""),
        codeHash: required(ENV.codeHash),
        hashKey: required(ENV.hashKey),
        sender: required(ENV.sender),
        instructorEmail: required(ENV.instructor),
        maxStudents: count(ENV.maxStudents),
        ...(closesAt ? { closesAt } : {}),
        emailDomains: (env[ENV.emailDomains] ?? "").split(",").map((d) => d.trim().toLowerCase()).filter(Boolean),
        sourceHourlyCap: count(ENV.sourceHourlyCap),
        globalHourlyCap: count(ENV.globalHourlyCap),
    };
}
