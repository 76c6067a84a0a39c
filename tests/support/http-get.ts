import * as http from "http";

export interface HttpAnswer {
    status: number;
    headers: http.IncomingHttpHeaders;
    body: string;
}

/** One plain request, the whole body as text: what a browser or curl would get. */
export function get(url: string, headers: http.OutgoingHttpHeaders = {}, method = "GET"): Promise<HttpAnswer> {
    return new Promise((resolve, reject) => {
        http.request(url, { method, headers }, (response) => {
            let body = "";
            response.setEncoding("utf8");
            response.on("data", (chunk) => (body += chunk));
            response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
        }).on("error", reject).end();
    });
}
