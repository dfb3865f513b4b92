import type { RequestContext } from "@learnloop/kit";

export type GatewayContext = Omit<RequestContext, "logger">;
