export * from "./spans";
export * from "./tracing-env";
export { stopTracing, tracingStarted } from "./start-tracing";
