import type { ApolloServerPlugin } from "@apollo/server";
import { BREAK, visit, type DocumentNode } from "graphql";
import { BadUserInputError } from "../errors/app-error";

const NUL = "\u0000";

/**
 * Where a request carries the NUL character (U+0000), which PostgreSQL refuses in text: a string
 * literal of the document, or a string (or object key) anywhere in its variables. Both walks use
 * an explicit stack (graphql's visit is iterative too), so deep variables cannot overflow it.
 */
export function findNulCharacter(document: DocumentNode | undefined, variables: unknown): "document" | "variables" | undefined {
  let inDocument = false;
  if (document)
    visit(document, {
      StringValue(node) {
        if (!node.value.includes(NUL)) return undefined;
        inDocument = true;
        return BREAK;
      },
    });
  if (inDocument) return "document";
  const stack: unknown[] = [variables];
  while (stack.length) {
    const value = stack.pop();
    if (typeof value === "string") {
      if (value.includes(NUL)) return "variables";
    } else if (Array.isArray(value)) {
      for (const item of value) stack.push(item);
    } else if (value && typeof value === "object") {
      for (const [key, item] of Object.entries(value)) {
        if (key.includes(NUL)) return "variables";
        stack.push(item);
      }
    }
  }
  return undefined;
}

export const nulCharacterError = (where: "document" | "variables") =>
  new BadUserInputError(`A string in the ${where} contains the NUL character (U+0000), which is not allowed.`, {
    http: { status: 400 },
  });

/** Refuses a NUL character in any string argument before anything runs (the gateway, and each subgraph again). */
export function refuseNulCharactersPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request }) {
          const where = findNulCharacter(document, request.variables);
          if (where) throw nulCharacterError(where);
        },
      };
    },
  };
}
