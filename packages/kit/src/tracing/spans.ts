import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
} from "@opentelemetry/api";

export { SpanKind, type Context, type Span } from "@opentelemetry/api";

/**
 * The kit's own spans go through @opentelemetry/api alone. Without a started SDK (tracing off) its
 * tracer makes non-recording spans and its propagator writes nothing: a few calls, no allocation
 * worth measuring (bench/tracing.js).
 */
const tracer = () => trace.getTracer("learnloop");

/** Runs `work` in a new active span (child of `parent`, else of the active context), ending it with its outcome. */
export function inSpan<T>(
  name: string,
  options: { kind?: SpanKind; attributes?: Attributes; parent?: Context },
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const parent = options.parent ?? context.active();
  return tracer().startActiveSpan(
    name,
    { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes },
    parent,
    async (span) => {
      try {
        return await work(span);
      } catch (err) {
        failed(span, err);
        throw err;
      } finally {
        span.end();
      }
    },
  );
}

/** A span the caller ends (a relay's message, sent with others in one batch). */
export const startSpan = (name: string, options: { kind: SpanKind; attributes?: Attributes; parent: Context }): Span =>
  tracer().startSpan(name, { kind: options.kind, attributes: options.attributes }, options.parent);

export function failed(span: Span, err: unknown): void {
  span.recordException(err instanceof Error ? err : String(err));
  span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
}

/**
 * The trace context a message carries (its `traceparent` header), as the parent of the span that
 * handles it; the root context when tracing is off or the header is absent.
 */
export const contextOf = (headers: Record<string, string>): Context => propagation.extract(ROOT_CONTEXT, headers);

/**
 * `headers` with the trace context of `ctx` (default: the active span) written over theirs. With
 * tracing off nothing is written, and the header set from the request's `traceparent` stays.
 */
export function withTraceContext(headers: Record<string, string>, ctx: Context = context.active()): Record<string, string> {
  const out = { ...headers };
  propagation.inject(ctx, out);
  return out;
}

/** `ctx` with `span` as its active span, for a child or to inject. */
export const contextWith = (span: Span, ctx: Context = ROOT_CONTEXT): Context => trace.setSpan(ctx, span);

/** The active context, to hand to work that runs later (a queued live delivery). */
export const activeContext = (): Context => context.active();

/** Runs `work` with `ctx` active. */
export const runIn = <T>(ctx: Context, work: () => T): T => context.with(ctx, work);
