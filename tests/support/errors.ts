/** Every error carries an UPPER_SNAKE code and the response's request id, and no stack trace. */
export function expectCleanError(body: any, requestId: string | null, code: string) {
  expect(body.errors?.length).toBeGreaterThan(0);
  expect(requestId).toBeTruthy();
  for (const e of body.errors) {
    expect(e.extensions.code).toMatch(/^[A-Z][A-Z0-9_]*$/);
    expect(e.extensions.requestId).toBe(requestId);
    expect(JSON.stringify(e)).not.toMatch(/stacktrace|at .*\.ts:\d+|node_modules/);
  }
  expect(body.errors.map((e: any) => e.extensions.code)).toContain(code);
}

/**
 * An HTTP error response: the status, in the media type (application/json unless said), the code,
 * and the request id in body and header alike.
 */
export async function expectCleanHttpError(res: Response, status: number, code: string, mediaType = "application/json") {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toContain(mediaType);
  const body = await res.json();
  expectCleanError(body, res.headers.get("x-request-id"), code);
  return body;
}

export const GRAPHQL_RESPONSE_JSON = "application/graphql-response+json";

/**
 * A GraphQL request error of a well-formed request (ADR 0017): 200 in application/json (what no
 * Accept header means), 400 in application/graphql-response+json; the code and request id in both.
 */
export async function expectRequestError(send: (headers: Record<string, string>) => Promise<Response>, code: string) {
  await expectCleanHttpError(await send({}), 200, code);
  await expectCleanHttpError(await send({ accept: GRAPHQL_RESPONSE_JSON }), 400, code, GRAPHQL_RESPONSE_JSON);
}
