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

/** An HTTP error response: below 500, JSON, the code, and the request id in body and header alike. */
export async function expectCleanHttpError(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/application\/json/);
  const body = await res.json();
  expectCleanError(body, res.headers.get("x-request-id"), code);
  return body;
}
