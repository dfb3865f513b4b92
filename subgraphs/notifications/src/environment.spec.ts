import { ConfigError, parseEnv } from "@learnloop/kit";
import { envSchema } from "./environment";

const base = {
  DATABASE_URL: "postgres://postgres@127.0.0.1:5432/learnloop",
  INTERNAL_CONTEXT_PUBLIC_KEY: "-----BEGIN PUBLIC KEY-----\\nMCowBQYDK2VwAyEA\\n-----END PUBLIC KEY-----",
};

describe("notifications environment", () => {
  it("needs no SMTP: email is simply off", () => {
    const env = parseEnv(envSchema, base);
    expect(env.PORT).toBe(4004);
    expect(env.SMTP_URL).toBeUndefined();
    expect(env.MAIL_FROM).toBeUndefined();
    expect(parseEnv(envSchema, { ...base, SMTP_URL: "", MAIL_FROM: "" }).SMTP_URL).toBeUndefined();
  });

  it("takes an SMTP URL with a sender", () => {
    const env = parseEnv(envSchema, {
      ...base,
      SMTP_URL: "smtp://user:pass@127.0.0.1:2525",
      MAIL_FROM: "Learnloop <no-reply@learnloop.app>",
    });
    expect(env).toMatchObject({ SMTP_URL: "smtp://user:pass@127.0.0.1:2525", MAIL_FROM: "Learnloop <no-reply@learnloop.app>" });
  });

  it("refuses a bad URL, a bad sender, and an SMTP URL without a sender", () => {
    const problems = (source: Record<string, string>) => {
      try {
        parseEnv(envSchema, { ...base, ...source });
        return [];
      } catch (err) {
        return (err as ConfigError).problems;
      }
    };
    expect(problems({ SMTP_URL: "http://mail.example.com", MAIL_FROM: "a@b.example" })).toEqual([
      expect.stringMatching(/^SMTP_URL: must be an smtp/),
    ]);
    expect(problems({ SMTP_URL: "smtp://127.0.0.1:2525" })).toEqual(["MAIL_FROM: is required when SMTP_URL is set"]);
    expect(problems({ MAIL_FROM: "Learnloop\r\nBcc: x@example.com" })).toEqual([expect.stringMatching(/^MAIL_FROM: /)]);
  });
});
