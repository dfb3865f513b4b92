import { Max, Min, Validate, ValidatorConstraint, type ValidatorConstraintInterface } from "class-validator";
import { ArgsType, Directive, Field, Int, ObjectType, type ClassType } from "type-graphql";
import type { ObjectLiteral, SelectQueryBuilder } from "typeorm";
import { BadUserInputError } from "../errors/app-error";

@Directive("@shareable")
@ObjectType({ description: "Relay cursor-connection page information." })
export class PageInfo {
  @Field() hasNextPage!: boolean;
  @Field() hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true }) startCursor!: string | null;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

@ValidatorConstraint({ name: "cursor" })
class CursorConstraint implements ValidatorConstraintInterface {
  validate(value: unknown) {
    return value === undefined || value === null || (typeof value === "string" && decodeCursor(value) !== null);
  }
  defaultMessage() {
    return "is not a valid cursor";
  }
}

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, { nullable: true, description: `Items after \`after\`, at most ${MAX_PAGE_SIZE}.` })
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first?: number;

  @Field(() => String, { nullable: true })
  @Validate(CursorConstraint)
  after?: string;

  @Field(() => Int, { nullable: true, description: `Items before \`before\`, at most ${MAX_PAGE_SIZE}.` })
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  last?: number;

  @Field(() => String, { nullable: true })
  @Validate(CursorConstraint)
  before?: string;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}
export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
}

/** Declares `<Name>Connection` and `<Name>Edge` object types for a node type. */
export function ConnectionType<T extends object>(nodeType: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field() cursor!: string;
    @Field(() => nodeType) node!: T;
  }
  @ObjectType(`${name}Connection`)
  class ConnectionClass {
    @Field(() => [EdgeType]) edges!: EdgeType[];
    @Field(() => PageInfo) pageInfo!: PageInfo;
  }
  return ConnectionClass as ClassType<Connection<T>>;
}

type CursorValue = string | number;
export function encodeCursor(values: CursorValue[]): string {
  return Buffer.from(JSON.stringify(values)).toString("base64url");
}
export function decodeCursor(cursor: string): CursorValue[] | null {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(values) && values.length === 2 && values.every((v) => typeof v === "string" || typeof v === "number"))
      return values as CursorValue[];
  } catch {
    /* fall through */
  }
  return null;
}

export interface KeysetOrder<T> {
  /** SQL expression of the sort column, e.g. `lesson.position`. */
  sortColumn: string;
  /** SQL expression of the unique tie-breaker, e.g. `lesson.id`. */
  idColumn: string;
  sortValue: (row: T) => CursorValue;
  idValue: (row: T) => CursorValue;
}

/**
 * Keyset pagination over (sort column, id): stable under inserts, one SQL statement per page,
 * no OFFSET scans. Fetches one row more than asked to learn whether another page exists.
 */
export async function paginate<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  args: ConnectionArgs,
  order: KeysetOrder<T>,
): Promise<Connection<T>> {
  if (args.first != null && args.last != null) throw new BadUserInputError("Pass either `first` or `last`, not both.");
  const backward = args.last != null;
  const size = (backward ? args.last : args.first) ?? DEFAULT_PAGE_SIZE;
  const cursor = backward ? args.before : args.after;
  const qb = query.clone();
  if (cursor) {
    const decoded = decodeCursor(cursor);
    if (!decoded) throw new BadUserInputError("Invalid cursor.");
    qb.andWhere(`(${order.sortColumn}, ${order.idColumn}) ${backward ? "<" : ">"} (:cursorSort, :cursorId)`, {
      cursorSort: decoded[0],
      cursorId: decoded[1],
    });
  }
  const direction = backward ? "DESC" : "ASC";
  qb.orderBy(order.sortColumn, direction).addOrderBy(order.idColumn, direction).take(undefined).limit(size + 1);
  const rows = await qb.getMany();
  const more = rows.length > size;
  const page = rows.slice(0, size);
  if (backward) page.reverse();
  const edges = page.map((node) => ({ node, cursor: encodeCursor([order.sortValue(node), order.idValue(node)]) }));
  return {
    edges,
    pageInfo: {
      hasNextPage: backward ? Boolean(args.before) : more,
      hasPreviousPage: backward ? more : Boolean(args.after),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}
