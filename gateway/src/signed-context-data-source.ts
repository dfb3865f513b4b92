import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import { INTERNAL_CONTEXT_HEADER, REQUEST_ID_HEADER, type InternalContextSigner } from "@learnloop/kit";
import type { GatewayContext } from "./context";

/** Sends each subgraph request with a fresh context signed for that subgraph alone. */
export class SignedContextDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    private readonly subgraphName: string,
    url: string,
    private readonly signer: InternalContextSigner,
  ) {
    super({ url });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const ctx = context as Partial<GatewayContext>;
    const requestId = ctx.requestId ?? "gateway-internal";
    const token = this.signer.sign({ userId: ctx.viewer?.userId, requestId, clientId: ctx.clientId }, this.subgraphName);
    request.http?.headers.set(INTERNAL_CONTEXT_HEADER, token);
    request.http?.headers.set(REQUEST_ID_HEADER, requestId);
  }
}
