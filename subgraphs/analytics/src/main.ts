import { startTracingFromEnv } from "@learnloop/kit/tracing";

// First, so the instrumentations see express, graphql and pg loaded (a no-op with tracing off).
startTracingFromEnv("analytics");
void (require("./index") as typeof import("./index")).subgraph.run();
