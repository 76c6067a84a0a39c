import { isIP } from "net";

/**
 * Loopback addresses only: the dashboard lists student emails and spend and has no login, so
 * it must never be reachable from the network. Names like "localhost" are refused too, since
 * what they resolve to is not ours to decide.
 */
export function isLoopbackAddress(host: string): boolean {
    if (isIP(host) === 4) return host.startsWith("127.");
    return isIP(host) === 6 && (host === "::1" || host === "0:0:0:0:0:0:0:1");
}

/** The Host headers a browser on this machine sends; anything else is a DNS-rebinding page reaching in. */
export function isLocalHostHeader(hostHeader: string | undefined, port: number): boolean {
    if (!hostHeader) return false;
    const allowed = ["127.0.0.1", "localhost", "[::1]"].map((name) => `${name}:${port}`);
    return allowed.includes(hostHeader.toLowerCase());
}
