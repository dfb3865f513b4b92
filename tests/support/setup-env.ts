import "reflect-metadata";

// No process started by the tests calls home.
process.env.APOLLO_TELEMETRY_DISABLED = "true";
process.env.CLERK_TELEMETRY_DISABLED = "1";
