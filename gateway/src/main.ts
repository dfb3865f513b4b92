import { startTracingFromEnv } from "@learnloop/kit/tracing";

// First, so the instrumentations see express, graphql and pg loaded (a no-op with tracing off).
startTracingFromEnv("gateway");
void (require("./run") as typeof import("./run")).run();
