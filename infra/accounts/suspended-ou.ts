import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { missingSuspendedOuMessage, SUSPENDED_OU_NAME } from "./suspended-ou-name";

/**
 * Where closed accounts go. A closed account stays in its OU, SUSPENDED, for 90 days, and an OU
 * with any account in it cannot be deleted; so each account is moved out of the workshop OU right
 * before it is closed. The "Suspended" OU is AWS's recommended home for closed accounts
 * (https://docs.aws.amazon.com/whitepapers/latest/organizing-your-aws-environment/suspended-ou.html):
 * organization-wide, outliving every workshop, with a deny-all SCP. It is set up once, outside the
 * stack (README), since a stack that created it could not delete it while closed accounts wait in it.
 * The configured OU, or the OU named "Suspended" directly under the root.
 */
export function suspendedOuId(configured: string | undefined, rootId: pulumi.Input<string>): pulumi.Output<string> {
    if (configured) return pulumi.output(configured);
    return aws.organizations.getOrganizationalUnitsOutput({ parentId: rootId }).children.apply((children) => {
        const ou = children.find((c) => c.name === SUSPENDED_OU_NAME);
        if (!ou) throw new Error(missingSuspendedOuMessage());
        return ou.id;
    });
}
