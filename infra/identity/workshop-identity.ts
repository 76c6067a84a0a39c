import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import type { WorkshopSettings } from "../config";

/** The Identity Center side shared by every student: their group and the permission set they sign in with. */
export class WorkshopIdentity extends pulumi.ComponentResource {
    readonly groupId: pulumi.Output<string>;
    readonly permissionSetArn: pulumi.Output<string>;
    readonly permissionSetName: pulumi.Output<string>;

    constructor(name: string, settings: WorkshopSettings, opts?: pulumi.ComponentResourceOptions) {
        super("workshop-accounts:index:WorkshopIdentity", name, {}, opts);
        const parent = { parent: this };
        const group = new aws.identitystore.Group("students", {
            identityStoreId: settings.identityStoreId,
            displayName: `${settings.workshopName}-students`,
            description: `Students of workshop ${settings.workshopName}`,
        }, parent);
        const permissionSet = new aws.ssoadmin.PermissionSet("student", {
            instanceArn: settings.identityCenterInstanceArn,
            // Permission set names are limited to 32 characters.
            name: `${settings.workshopName}-student`.slice(0, 32),
            description: `Workshop ${settings.workshopName}: student access to their own account`,
            sessionDuration: settings.sessionDuration,
            // The instructor policy changes, provisions and assigns only permission sets with this tag.
            tags: { workshop: settings.workshopName },
        }, parent);
        // Depending on the attachment makes assignments wait until the permission set grants something.
        const attachment = new aws.ssoadmin.ManagedPolicyAttachment("student", {
            instanceArn: settings.identityCenterInstanceArn,
            permissionSetArn: permissionSet.arn,
            managedPolicyArn: settings.permissionSetPolicyArn,
        }, parent);
        this.groupId = group.groupId;
        this.permissionSetName = permissionSet.name;
        this.permissionSetArn = pulumi.all([permissionSet.arn, attachment.id]).apply(([arn]) => arn);
        this.registerOutputs({ groupId: this.groupId, permissionSetArn: this.permissionSetArn });
    }
}
