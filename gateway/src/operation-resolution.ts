import type { ApolloServerPlugin } from "@apollo/server";
import { AppError } from "@learnloop/kit/internal";
import { Kind, type DocumentNode } from "graphql";

/** Why a valid document names no operation to run: several and no operationName, or a name it lacks. */
export function operationResolutionMessage(document: DocumentNode, operationName: string | null | undefined): string {
  if (operationName) return `The document has no operation named "${operationName.slice(0, 100)}".`;
  const count = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION).length;
  return count === 0
    ? "The document has no operation to run."
    : "The document has several operations: say which to run with operationName.";
}

export const operationResolutionError = (document: DocumentNode, operationName: string | null | undefined) =>
  new AppError("OPERATION_RESOLUTION_FAILURE", operationResolutionMessage(document, operationName), { http: { status: 400 } });

/**
 * The client's mistake, answered as one (400). Without this, @apollo/gateway's executor throws
 * INVALID_GRAPHQL for it, which Apollo Server answers with a 500.
 */
export function operationResolutionPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request }) {
          if (!operation) throw operationResolutionError(document, request.operationName);
        },
      };
    },
  };
}
