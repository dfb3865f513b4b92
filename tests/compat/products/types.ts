import { Directive, Field, Float, ID, Int, ObjectType } from "type-graphql";

/** The "products" schema of Apollo's subgraph compatibility suite, in type-graphql. */

@Directive("@shareable")
@ObjectType()
export class ProductDimension {
  @Field({ nullable: true }) size?: string;
  @Field(() => Float, { nullable: true }) weight?: number;
  @Directive("@inaccessible")
  @Field({ nullable: true })
  unit?: string;
}

@ObjectType()
export class ProductVariation {
  @Field(() => ID) id!: string;
}

@ObjectType()
export class CaseStudy {
  @Field(() => ID) caseNumber!: string;
  @Field(() => String, { nullable: true }) description?: string | null;
}

@Directive('@key(fields: "study { caseNumber }")')
@ObjectType()
export class ProductResearch {
  @Field(() => CaseStudy) study!: CaseStudy;
  @Field(() => String, { nullable: true }) outcome?: string | null;
}

// The suite matches `type User @extends @key(...)` in exactly this order.
@Directive("@extends")
@Directive('@key(fields: "email")')
@ObjectType()
export class User {
  @Directive("@external")
  @Field(() => ID)
  email!: string;

  @Directive('@override(from: "users")')
  @Field(() => String, { nullable: true })
  name?: string;

  @Directive("@external")
  @Field(() => Int, { nullable: true })
  totalProductsCreated?: number | null;

  @Directive("@external")
  @Field(() => Int)
  yearsOfEmployment!: number;
}

@Directive("@custom")
@Directive('@key(fields: "id")')
@Directive('@key(fields: "sku package")')
@Directive('@key(fields: "sku variation { id }")')
@ObjectType()
export class Product {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true }) sku?: string;
  @Field(() => String, { nullable: true }) package?: string;
  @Field(() => ProductVariation, { nullable: true }) variation?: ProductVariation;
  @Field(() => ProductDimension, { nullable: true }) dimensions?: ProductDimension;

  @Directive('@provides(fields: "totalProductsCreated")')
  @Field(() => User, { nullable: true })
  createdBy?: User;

  @Directive('@tag(name: "internal")')
  @Field(() => String, { nullable: true })
  notes?: string | null;

  @Field(() => [ProductResearch]) research!: ProductResearch[];
}

@Directive('@key(fields: "sku package")')
@ObjectType()
export class DeprecatedProduct {
  @Field() sku!: string;
  @Field() package!: string;
  @Field(() => String, { nullable: true }) reason?: string;
  @Field(() => User, { nullable: true }) createdBy?: User;
}

@Directive("@interfaceObject")
@Directive('@key(fields: "id")')
@ObjectType()
export class Inventory {
  @Field(() => ID) id!: string;
  @Field(() => [DeprecatedProduct]) deprecatedProducts!: DeprecatedProduct[];
}
