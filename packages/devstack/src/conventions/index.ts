// The architecture as tests (tests/conventions): each rule's checker, over sources, schemas and
// rules given to it, so a test can feed it a bad input too. Not exported from the devstack's index:
// it loads the TypeScript compiler, which `npm start` does not need.
export * from "./sources";
export * from "./ownership";
export * from "./events";
export * from "./permissions";
export * from "./connections";
export * from "./error-codes";
export * from "./list";
