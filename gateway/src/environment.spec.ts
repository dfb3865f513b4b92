import { generateKeyPairSync } from "node:crypto";
import { ConfigError, generateInternalContextKeys, parseEnv } from "@learnloop/kit/internal";
import { developerSurfaces, envSchema } from "./environment";

const base = {
  CLERK_JWT_KEY: generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({ type: "spki", format: "pem" }).toString(),
  INTERNAL_CONTEXT_PRIVATE_KEY: generateInternalContextKeys().privateKey,
};
const production = {
  ...base,
  NODE_ENV: "production",
  CLERK_ISSUER: "https://clerk.learnloop.dev/",
  CLERK_AUTHORIZED_PARTIES: "https://app.learnloop.dev",
};

const problems = (source: Record<string, string>) => {
  try {
    parseEnv(envSchema, source);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
};

describe("gateway identity configuration", () => {
  it("production starts with the issuer and the authorized parties, the issuer without its trailing slash", () => {
    const env = parseEnv(envSchema, production);
    expect(env.CLERK_ISSUER).toBe("https://clerk.learnloop.dev");
    expect(env.CLERK_AUTHORIZED_PARTIES).toEqual(["https://app.learnloop.dev"]);
  });

  it.each(["CLERK_ISSUER", "CLERK_AUTHORIZED_PARTIES"])("production without %s fails, naming it", (name) => {
    const { [name as keyof typeof production]: _missing, ...rest } = production;
    expect(() => parseEnv(envSchema, rest)).toThrow(ConfigError);
    expect(problems(rest)).toEqual([expect.stringMatching(new RegExp(`^${name}: required when NODE_ENV=production`))]);
  });

  it("production without either names both at once", () => {
    expect(problems({ ...base, NODE_ENV: "production" }).map((p) => p.split(":")[0])).toEqual(["CLERK_ISSUER", "CLERK_AUTHORIZED_PARTIES"]);
  });

  it("outside production both stay optional, and a malformed issuer is refused", () => {
    expect(problems(base)).toEqual([]);
    expect(problems({ ...base, CLERK_ISSUER: "clerk.learnloop.dev" })[0]).toMatch(/^CLERK_ISSUER:/);
  });
});

describe("developer surfaces", () => {
  it("are on in development and off in production unless set", () => {
    expect(developerSurfaces({ NODE_ENV: "development" })).toEqual({ sandbox: true, introspection: true });
    expect(developerSurfaces({ NODE_ENV: "production" })).toEqual({ sandbox: false, introspection: false });
    expect(developerSurfaces({ NODE_ENV: "production", SANDBOX_ENABLED: true, INTROSPECTION_ENABLED: false })).toEqual({
      sandbox: true,
      introspection: false,
    });
  });
});
