export * from "./key";
export * from "./keyed-mutation";
export * from "./plugin";
export * from "./idempotency-tables";
export * from "./subgraph-idempotency";
