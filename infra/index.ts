import * as pulumi from "@pulumi/pulumi";
import * as path from "path";

import { parseWorkshopConfig } from "./config";
import { PROJECT_ROOT } from "./project-root";
import { loadRoster } from "./roster/load";
import { declareWorkshop } from "./workshop";

// The Pulumi entry point: config and roster are checked before any resource is declared,
// so a typo fails the preview with every problem listed instead of half a deployment.
const config = new pulumi.Config();
const settings = parseWorkshopConfig((key) => config.get(key));
const rosterFile = path.resolve(PROJECT_ROOT, settings.rosterPath);
const workshop = declareWorkshop(settings, loadRoster(rosterFile, { maxStudents: settings.maxStudents }));

export const workshopName = workshop.workshopName;
export const instructorEmail = workshop.instructorEmail;
export const accessPortalUrl = workshop.accessPortalUrl;
export const ouId = workshop.ouId;
export const allowedRegions = workshop.allowedRegions;
export const allowedServices = workshop.allowedServices;
export const masterBudgetName = workshop.masterBudgetName;
export const masterBudgetUsd = workshop.masterBudgetUsd;
export const budgetAlertThresholds = workshop.budgetAlertThresholds;
export const budgetFreeze = workshop.budgetFreeze;
export const permissionSetName = workshop.permissionSetName;
export const permissionSetArn = workshop.permissionSetArn;
export const students = workshop.students;
export const workshopModeUserName = workshop.workshopModeUserName;
export const workshopModeAccessKeys = workshop.workshopModeAccessKeys;
export const registration = workshop.registration;
export const registrationCode = workshop.registrationCode;
