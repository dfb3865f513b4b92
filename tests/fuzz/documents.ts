import fc from "fast-check";
import {
  getNamedType,
  isLeafType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationTypeNode,
} from "graphql";
import { toLiteral, valueOf, type InputValue } from "./values";

/** An argument value, written inline or passed as a variable of the argument's type. */
export interface Arg {
  name: string;
  value: InputValue;
  type: string;
  asVariable: boolean;
}
export interface Directive {
  name: "include" | "skip";
  value: boolean;
  asVariable: boolean;
}
export type Selection =
  | { kind: "field"; name: string; alias: string | null; args: Arg[]; directives: Directive[]; selections: Selection[] | null }
  | { kind: "typename"; alias: string | null }
  | { kind: "inline"; on: string | null; directives: Directive[]; selections: Selection[] }
  /** Printed as a named fragment of the document. */
  | { kind: "spread"; on: string; directives: Directive[]; selections: Selection[] };

export type OperationType = "query" | "mutation" | "subscription";
export interface Operation {
  type: OperationType;
  name: string | null;
  selections: Selection[];
}

export interface Shape {
  /** Levels of selection sets below the root. */
  maxDepth: number;
  /** Selections per selection set. */
  maxBreadth: number;
}

const directive: fc.Arbitrary<Directive> = fc.record({
  name: fc.constantFrom("include" as const, "skip" as const),
  value: fc.boolean(),
  asVariable: fc.boolean(),
});
/** One selection in six carries @include or @skip. */
const directives: fc.Arbitrary<Directive[]> = fc.oneof(
  { weight: 5, arbitrary: fc.constant<Directive[]>([]) },
  { weight: 1, arbitrary: directive.map((d) => [d]) },
);
/** One in four is aliased, sometimes to a name another selection uses. */
const aliasOf = (name: string) =>
  fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom(`${name}_a`, `${name}_b`, name, "x") });

function argsOf(field: GraphQLField<unknown, unknown>): fc.Arbitrary<Arg[]> {
  const args = field.args.map((arg) => {
    const one = fc.record({
      name: fc.constant(arg.name),
      value: valueOf(arg.type as GraphQLInputType),
      type: fc.constant(String(arg.type)),
      asVariable: fc.boolean(),
    });
    const required = isNonNullType(arg.type) && arg.defaultValue === undefined;
    // An optional argument is left out half the time (a required one almost never: that is a validation error).
    return required
      ? fc.oneof({ weight: 49, arbitrary: one.map((a) => [a]) }, { weight: 1, arbitrary: fc.constant([]) })
      : fc.oneof(
          one.map((a) => [a]),
          fc.constant([]),
        );
  });
  return fc.tuple(...args).map((lists) => lists.flat());
}

/** Random selection sets of a schema, memoised per type and remaining depth. */
export class SelectionGenerator {
  private readonly memo = new Map<string, fc.Arbitrary<Selection[]>>();
  constructor(
    readonly schema: GraphQLSchema,
    readonly shape: Shape,
  ) {}

  selectionsOf(type: GraphQLObjectType, depth: number): fc.Arbitrary<Selection[]> {
    const key = `${type.name}/${depth}`;
    let arb = this.memo.get(key);
    if (arb) return arb;
    const field = this.fieldsOf(type, depth);
    const typename: fc.Arbitrary<Selection> = fc.record({
      kind: fc.constant("typename" as const),
      alias: fc.option(fc.constant("t"), { nil: null }),
    });
    const options: fc.WeightedArbitrary<Selection>[] = [{ weight: 1, arbitrary: typename }];
    if (field.length) options.push({ weight: 8, arbitrary: fc.oneof(...field) });
    if (depth > 0) {
      const inner = this.selectionsOf(type, depth - 1);
      options.push(
        {
          weight: 1,
          arbitrary: fc.record({
            kind: fc.constant("inline" as const),
            on: fc.option(fc.constant(type.name), { nil: null }),
            directives,
            selections: inner,
          }) as fc.Arbitrary<Selection>,
        },
        {
          weight: 1,
          arbitrary: fc.record({ kind: fc.constant("spread" as const), on: fc.constant(type.name), directives, selections: inner }),
        },
      );
    }
    arb = fc.array(fc.oneof(...options), { minLength: 1, maxLength: this.shape.maxBreadth });
    this.memo.set(key, arb);
    return arb;
  }

  /** One arbitrary per field of the type that can be selected with `depth` levels left. */
  private fieldsOf(type: GraphQLObjectType, depth: number): fc.Arbitrary<Selection>[] {
    const fields = Object.values(type.getFields()).filter((f) => isLeafType(getNamedType(f.type)) || depth > 0);
    return fields.map((f) => {
      const named = getNamedType(f.type);
      const inner = isObjectType(named) ? this.selectionsOf(named, depth - 1) : fc.constant(null);
      return fc.record({
        kind: fc.constant("field" as const),
        name: fc.constant(f.name),
        alias: aliasOf(f.name),
        args: argsOf(f),
        directives,
        selections: inner,
      }) as fc.Arbitrary<Selection>;
    });
  }

  operation(type: OperationType): fc.Arbitrary<Operation> {
    const root = this.schema.getRootType(type as OperationTypeNode)!;
    // A subscription selects exactly one root field; more is a validation error the damaged requests already make.
    const selections =
      type === "subscription"
        ? fc.oneof(...this.fieldsOf(root, this.shape.maxDepth)).map((f) => [f])
        : this.selectionsOf(root, this.shape.maxDepth);
    return fc.record({ type: fc.constant(type), name: fc.option(fc.constantFrom("Fuzz", "Op"), { nil: null }), selections });
  }
}

export interface Printed {
  text: string;
  variables: Record<string, InputValue>;
}

/** Writes operations as one document: variables declared per operation, spreads hoisted into named fragments. */
export function printDocument(operations: Operation[]): Printed {
  const variables: Record<string, InputValue> = {};
  const fragments: string[] = [];
  let nextVar = 0;
  // A response name keeps one meaning (field and arguments) across the document, so that fields
  // merge instead of conflicting; a clash is renamed. Conflicting aliases are the damaged requests' job.
  const meaning = new Map<string, string>();
  const responseName = (wanted: string, signature: string) => {
    let name = wanted;
    for (let n = 2; meaning.has(name) && meaning.get(name) !== signature; n++) name = `${wanted}_${n}`;
    meaning.set(name, signature);
    return name;
  };
  const out = operations.map((op) => {
    const declared: string[] = [];
    const variable = (type: string, value: InputValue) => {
      const name = `v${nextVar++}`;
      declared.push(`$${name}: ${type}`);
      variables[name] = value;
      return `$${name}`;
    };
    const dirs = (ds: Directive[]) =>
      ds.map((d) => ` @${d.name}(if: ${d.asVariable ? variable("Boolean!", d.value) : String(d.value)})`).join("");
    const set = (sels: Selection[]): string => `{ ${sels.map(sel).join(" ")} }`;
    const sel = (s: Selection): string => {
      switch (s.kind) {
        case "typename":
          return `${s.alias ? `${s.alias}: ` : ""}__typename`;
        case "field": {
          const args = s.args.map((a) => `${a.name}: ${a.asVariable ? variable(a.type, a.value) : toLiteral(a.value)}`);
          const literalArgs = s.args.map((a) => `${a.name}: ${toLiteral(a.value)}`).join(", ");
          const name = responseName(s.alias ?? s.name, `${s.name}(${literalArgs})`);
          return `${name === s.name ? "" : `${name}: `}${s.name}${args.length ? `(${args.join(", ")})` : ""}${dirs(s.directives)}${s.selections ? ` ${set(s.selections)}` : ""}`;
        }
        case "inline":
          return `...${s.on ? ` on ${s.on}` : ""}${dirs(s.directives)} ${set(s.selections)}`;
        case "spread": {
          const name = `F${fragments.length}`;
          fragments.push(""); // reserve the name before the body, which may hoist its own spreads
          const body = set(s.selections);
          fragments[Number(name.slice(1))] = `fragment ${name} on ${s.on} ${body}`;
          return `...${name}${dirs(s.directives)}`;
        }
      }
    };
    const body = set(op.selections);
    const head =
      op.name || declared.length
        ? `${op.type}${op.name ? ` ${op.name}` : ""}${declared.length ? `(${declared.join(", ")})` : ""} `
        : op.type === "query"
          ? ""
          : `${op.type} `;
    return head + body;
  });
  return { text: [...out, ...fragments].join("\n"), variables };
}
