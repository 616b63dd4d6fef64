/**
 * Requests Node's HTTP parser refuses before Fastify sees them (a 20 KB header, a bad request line,
 * a bad chunk, Content-Length with Transfer-Encoding) still get the envelope, an `x-request-id` and
 * `nosniff`, written straight to the socket as Node itself would, then the connection is closed.
 */
import { randomUUID } from "node:crypto";
import { STATUS_CODES } from "node:http";
import type { Socket } from "node:net";
import { ApiError } from "./errors.ts";

export function answerClientError(error: Error & { code?: string; rawPacket?: unknown }, socket: Socket): void {
  // A reset connection has nobody left to answer.
  if (error.code === "ECONNRESET" || socket.destroyed) return;
  const apiError = parserApiError(error.code);
  if (socket.writable) {
    const body = JSON.stringify(apiError.envelope());
    socket.write(
      [
        `HTTP/1.1 ${apiError.status} ${STATUS_CODES[apiError.status] ?? "Error"}`,
        "Content-Type: application/json; charset=utf-8",
        `Content-Length: ${Buffer.byteLength(body)}`,
        "X-Content-Type-Options: nosniff",
        `x-request-id: ${randomUUID()}`,
        "Connection: close",
        "",
        // An answer to HEAD has no body (RFC 9110 §9.3.2): the client reads none, and bytes after
        // the headers would be a broken next answer ("Data after Connection: close").
        isHead(error.rawPacket) ? "" : body,
      ].join("\r\n"),
    );
  }
  socket.destroy(error);
}

/**
 * Whether the refused request is a HEAD, from the bytes the parser was reading. They start with the
 * request line when the request arrived in one read (as a client sends a request of up to 64 KB);
 * when the parser failed on a later read the method is unknown and the body is sent.
 */
function isHead(rawPacket: unknown): boolean {
  return Buffer.isBuffer(rawPacket) && rawPacket.subarray(0, 5).toString("latin1") === "HEAD ";
}

function parserApiError(code: string | undefined): ApiError {
  switch (code) {
    case "HPE_HEADER_OVERFLOW":
      return new ApiError("headers_too_large", "request headers are too large (at most 16 KB in all)");
    case "ERR_HTTP_REQUEST_TIMEOUT":
      return new ApiError("request_timeout", "the request was not received in time");
    default:
      return new ApiError("VALIDATION_ERROR", `malformed HTTP request${code ? ` (${code})` : ""}`);
  }
}
