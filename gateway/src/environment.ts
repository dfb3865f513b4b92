import path from "node:path";
import { csv, logLevel, pem, port } from "@learnloop/kit";
import { z } from "zod";

const bool = z.enum(["true", "false"]).transform((v) => v === "true");

export const envSchema = z
  .object({
    PORT: port.default(4000),
    HOST: z.string().default("127.0.0.1"),
    LOG_LEVEL: logLevel,
    SUPERGRAPH_PATH: z.string().default(path.resolve(__dirname, "..", "..", "schema", "supergraph.graphql")),
    /** Overrides the URLs composed into the supergraph: `users=http://users:4001/graphql,content=...`. */
    SUBGRAPH_URLS: z
      .string()
      .default("")
      .transform((s, ctx) => {
        const map: Record<string, string> = {};
        for (const pair of s
          .split(",")
          .map((p) => p.trim())
          .filter(Boolean)) {
          const [name, url] = pair.split("=");
          if (!name || !url || !/^https?:\/\//.test(url))
            ctx.addIssue({ code: "custom", message: `bad entry "${pair}", expected name=http://host:port/graphql` });
          else map[name] = url;
        }
        return map;
      }),
    CORS_ORIGINS: csv,
    CLERK_JWT_KEY: pem("CLERK_JWT_KEY").optional(),
    CLERK_SECRET_KEY: z.string().startsWith("sk_").optional(),
    CLERK_AUTHORIZED_PARTIES: csv,
    INTERNAL_CONTEXT_PRIVATE_KEY: pem("INTERNAL_CONTEXT_PRIVATE_KEY"),
    MAX_QUERY_DEPTH: z.coerce.number().int().min(1).default(12),
    MAX_ALIASES: z.coerce.number().int().min(0).default(30),
    MAX_QUERY_COST: z.coerce.number().int().min(1).default(5000),
    MAX_QUERY_TOKENS: z.coerce.number().int().min(100).default(5000),
    BODY_LIMIT: z.string().default("100kb"),
    SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
    SANDBOX_ENABLED: bool.default(true),
    INTROSPECTION_ENABLED: bool.default(true),
  })
  .refine((env) => env.CLERK_JWT_KEY || env.CLERK_SECRET_KEY, {
    message: "set CLERK_JWT_KEY (networkless verification) or CLERK_SECRET_KEY (JWKS)",
    path: ["CLERK_JWT_KEY"],
  });

export type GatewayEnv = z.infer<typeof envSchema>;
