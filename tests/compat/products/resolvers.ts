import { Arg, Directive, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import { deprecatedProduct, findProduct } from "./data";
import { DeprecatedProduct, Product, User } from "./types";

@Resolver(() => Product)
export class ProductResolver {
  @Query(() => Product, { nullable: true })
  product(@Arg("id", () => ID) id: string) {
    return findProduct({ id });
  }

  @Query(() => DeprecatedProduct, { nullable: true, deprecationReason: "Use product query instead" })
  deprecatedProduct(@Arg("sku") sku: string, @Arg("package") pkg: string) {
    return sku === deprecatedProduct.sku && pkg === deprecatedProduct.package ? deprecatedProduct : null;
  }
}

@Resolver(() => User)
export class UserResolver {
  @Directive('@requires(fields: "totalProductsCreated yearsOfEmployment")')
  @FieldResolver(() => Int, { nullable: true })
  averageProductsCreatedPerYear(@Root() user: User): number | null {
    if (!user.totalProductsCreated) return null;
    return Math.round(user.totalProductsCreated / user.yearsOfEmployment);
  }
}
