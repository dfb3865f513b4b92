import type { ApolloServerPlugin } from "@apollo/server";
import {
  isNonNullType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import type { Logger } from "pino";
import type { GatewayContext } from "./context";

export const INCOMPLETE_MESSAGE = "Part of the response could not be completed. Try again; if it persists, report the request id.";

/**
 * The first place where a result without errors is null although the schema forbids it: the whole
 * `data`, or a non-null root field (a non-null field deeper down bubbles up to one of these).
 */
export function unexplainedNull(
  data: Record<string, unknown> | null | undefined,
  schema: GraphQLSchema,
  document: DocumentNode | undefined,
  operation: OperationDefinitionNode | undefined,
): (string | number)[] | undefined {
  if (data === null) return [];
  if (!data || !operation || !document) return undefined;
  const root = schema.getRootType(operation.operation);
  if (!root) return undefined;
  const fields = root.getFields();
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  // The root selections, through fragments (each fragment once: validation has ruled out cycles, this rules out repeats).
  const pending: SelectionSetNode[] = [operation.selectionSet];
  const seen = new Set<string>();
  while (pending.length) {
    for (const selection of pending.pop()!.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) pending.push(selection.selectionSet);
      if (selection.kind === Kind.FRAGMENT_SPREAD && !seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) pending.push(fragment.selectionSet);
      }
      if (selection.kind !== Kind.FIELD) continue;
      const key = selection.alias?.value ?? selection.name.value;
      const field = fields[selection.name.value];
      if (field && data[key] === null && isNonNullType(field.type)) return [key];
    }
  }
  return undefined;
}

/**
 * A safety net: a response is never a null where the schema forbids one without an error that
 * says why. A subgraph that answers a non-null field with null and no error would otherwise give
 * the client `data: null` and nothing to act on.
 */
export function incompleteResponsePlugin(logger: Logger): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, schema, document, operation, operationName, contextValue }) {
          if (response.body.kind !== "single") return;
          const result = response.body.singleResult;
          if (result.errors?.length) return;
          const path = unexplainedNull(result.data as Record<string, unknown> | null | undefined, schema, document, operation);
          if (!path) return;
          const requestId = contextValue.requestId;
          logger.error({ requestId, operationName, path }, "a null without an error: a subgraph answered less than the schema promises");
          result.errors = [
            {
              message: INCOMPLETE_MESSAGE,
              ...(path.length && { path }),
              extensions: { code: "INCOMPLETE_RESPONSE", requestId },
            },
          ];
        },
      };
    },
  };
}
