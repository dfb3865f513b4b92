import { subgraphEnvSchema, whenParsed } from "@learnloop/kit";
import { z } from "zod";

const unsetWhenEmpty = (value: unknown) => (value === "" ? undefined : value);

export const envSchema = subgraphEnvSchema
  .extend({
    PORT: subgraphEnvSchema.shape.PORT.default(4004),
    /** smtp:// or smtps:// with credentials; unset: no email is sent (deliveries record SKIPPED_NO_TRANSPORT). */
    SMTP_URL: z
      .preprocess(
        unsetWhenEmpty,
        z
          .string()
          .regex(/^smtps?:\/\/\S+$/, "must be an smtp:// or smtps:// URL")
          .optional(),
      )
      .describe("`smtp://user:pass@host:2525` or smtps://; unset: no email, deliveries record `SKIPPED_NO_TRANSPORT`"),
    /** How often PENDING emails (left by a crash between commit and send) are swept up and sent. */
    EMAIL_SWEEP_INTERVAL_MS: z.coerce
      .number()
      .int()
      .min(100)
      .max(3_600_000)
      .default(30_000)
      .describe("How often emails a crash left `PENDING` are sent"),
    MAIL_FROM: z
      .preprocess(
        unsetWhenEmpty,
        z
          .string()
          .regex(/^[^\r\n@]*@[^\r\n]+$/, "must be a sender such as Learnloop <no-reply@example.com>")
          .optional(),
      )
      .describe("The sender, such as `Learnloop <no-reply@learnloop.app>`; required with `SMTP_URL`"),
  })
  .superRefine(
    (env, ctx) => {
      if (env.SMTP_URL && !env.MAIL_FROM)
        ctx.addIssue({ code: "custom", path: ["MAIL_FROM"], message: "is required when SMTP_URL is set" });
    },
    whenParsed("SMTP_URL", "MAIL_FROM"),
  );
export type NotificationsEnv = z.infer<typeof envSchema>;
