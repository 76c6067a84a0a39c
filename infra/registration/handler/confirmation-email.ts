import { escapeHtml } from "../../rules/html-text";

export interface ConfirmationEmail {
    subject: string;
    text: string;
    html: string;
}

/** The one email a registration sends: the link, when it stops working, and what to do if it was not you. */
export function confirmationEmail(input: { workshopName: string; name: string; link: string; expiresAt: Date; instructorEmail: string }): ConfirmationEmail {
    const until = `${input.expiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC`;
    const subject = `Confirm your registration for ${input.workshopName}`;
    const lines = [
        `Hello ${input.name},`,
        `someone (we hope you) registered this address for the workshop ${input.workshopName}. To confirm, open this link and press the button: ` +
            `it works once, until ${until}.`,
        input.link,
        `If it was not you, ignore this email: nothing happens without the confirmation. Questions: ${input.instructorEmail}.`,
    ];
    const html = `<!doctype html><html lang="en"><body>
<p>Hello ${escapeHtml(input.name)},</p>
<p>someone (we hope you) registered this address for the workshop ${escapeHtml(input.workshopName)}. To confirm, open this link and press the button: it works once, until ${escapeHtml(until)}.</p>
<p><a href="${escapeHtml(input.link)}">Confirm my registration</a></p>
<p>If it was not you, ignore this email: nothing happens without the confirmation. Questions: ${escapeHtml(input.instructorEmail)}.</p>
</body></html>`;
    return { subject, text: lines.join("\n\n"), html };
}
