import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import * as http from "http";
import type { AddressInfo } from "net";

/**
 * Requests as API Gateway's HTTP API hands them to a Lambda proxy integration, payload format 2.0
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html):
 * header names lower-cased, duplicate query parameters joined by commas, the source IP in
 * requestContext.http.sourceIp, and a body that is not text (a form post) base64-encoded.
 */
export interface HttpRequest {
    method: string;
    /** Path with the query string, e.g. /confirm?token=abc. */
    url: string;
    headers?: Record<string, string>;
    body?: string;
    sourceIp?: string;
}

const TEXT_TYPES = /^(text\/|application\/(json|xml|javascript))/i;

export function apiGatewayEvent(request: HttpRequest): APIGatewayProxyEventV2 {
    const url = new URL(request.url, "https://api.example");
    const headers = Object.fromEntries(Object.entries(request.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    const query: Record<string, string> = {};
    for (const [key, value] of url.searchParams) query[key] = key in query ? `${query[key]},${value}` : value;
    const base64 = request.body !== undefined && !TEXT_TYPES.test(headers["content-type"] ?? "");
    const method = request.method.toUpperCase();
    return {
        version: "2.0",
        routeKey: `${method} ${url.pathname}`,
        rawPath: url.pathname,
        rawQueryString: url.search.replace(/^\?/, ""),
        headers,
        ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
        requestContext: {
            accountId: "111111111111", apiId: "abc123", domainName: url.host, domainPrefix: "abc123",
            http: { method, path: url.pathname, protocol: "HTTP/1.1", sourceIp: request.sourceIp ?? "198.51.100.7", userAgent: headers["user-agent"] ?? "" },
            requestId: "req", routeKey: `${method} ${url.pathname}`, stage: "$default", time: "", timeEpoch: 0,
        },
        ...(request.body !== undefined ? { body: base64 ? Buffer.from(request.body).toString("base64") : request.body } : {}),
        isBase64Encoded: base64,
    };
}

/** A form post's event. */
export function formPost(url: string, fields: Record<string, string>, sourceIp?: string): APIGatewayProxyEventV2 {
    return apiGatewayEvent({
        method: "POST", url, body: new URLSearchParams(fields).toString(),
        headers: { "content-type": "application/x-www-form-urlencoded" }, ...(sourceIp ? { sourceIp } : {}),
    });
}

export type ProxyHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

/** The handler behind a local HTTP server, as the endpoint serves it: for the browser tests. */
export async function serveHandler(handler: ProxyHandler): Promise<{ url: string; close(): Promise<void> }> {
    const server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (chunk: Buffer) => chunks.push(chunk));
        req.on("end", () => {
            const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(",") : v ?? ""]));
            const body = chunks.length > 0 ? Buffer.concat(chunks).toString("utf8") : undefined;
            handler(apiGatewayEvent({ method: req.method ?? "GET", url: req.url ?? "/", headers, ...(body !== undefined ? { body } : {}), sourceIp: "127.0.0.1" }))
                .then((result) => {
                    res.writeHead(result.statusCode ?? 200, result.headers as http.OutgoingHttpHeaders);
                    res.end(result.body ?? "");
                }, (error: Error) => {
                    res.writeHead(500, { "content-type": "text/plain" });
                    res.end(error.message);
                });
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    return {
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
}
