import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SendEmailCommand, type SESv2Client } from "@aws-sdk/client-sesv2";

import { RegistrationTable } from "../table";
import type { RegistrationDeps } from "./app";
import type { RegistrationSettings } from "./settings";

/** The function's dependencies from its clients: the real ones in Lambda, emulators' in tests. */
export function registrationDeps(settings: RegistrationSettings, clients: { dynamodb: DynamoDBClient; ses: SESv2Client }, now = () => new Date()): RegistrationDeps {
    return {
        settings,
        table: new RegistrationTable(clients.dynamodb, settings.tableName),
        now,
        async send(to, email) {
            await clients.ses.send(new SendEmailCommand({
                FromEmailAddress: settings.sender,
                Destination: { ToAddresses: [to] },
                ReplyToAddresses: [settings.instructorEmail],
                Content: {
                    Simple: {
                        Subject: { Data: email.subject, Charset: "UTF-8" },
                        Body: { Text: { Data: email.text, Charset: "UTF-8" }, Html: { Data: email.html, Charset: "UTF-8" } },
                    },
                },
            }));
        },
    };
}
