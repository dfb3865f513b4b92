import { GraphQLDateTimeISO } from "graphql-scalars";
import { isScalarType, type GraphQLScalarType, type GraphQLSchema } from "graphql";

/**
 * The supergraph's custom scalars, as the subgraphs parse them (type-graphql's Date is
 * graphql-scalars' DateTimeISO). Built from SDL, the gateway's copy would accept any value and pass
 * it on, and a subgraph's refusal of it would reach the client as an internal error; with these,
 * a bad literal fails validation and a bad variable is refused before any subgraph is asked.
 */
const PARSERS: Record<string, GraphQLScalarType> = { DateTimeISO: GraphQLDateTimeISO };

/** Gives `schema`'s custom scalars the subgraphs' parsing, in place (serialising is left as it is). */
export function parseInputScalars(schema: GraphQLSchema): GraphQLSchema {
  for (const [name, parser] of Object.entries(PARSERS)) {
    const type = schema.getType(name);
    if (!isScalarType(type)) continue;
    type.parseValue = parser.parseValue.bind(parser);
    type.parseLiteral = parser.parseLiteral.bind(parser);
  }
  return schema;
}
