import { Alert, Button, Code, Group, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { isUnauthenticated } from "../apollo/client";
import { describeError, type ShownError } from "./errors";

export function ErrorList({ errors, testId = "error" }: { errors: ShownError[]; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Alert color="red" role="alert" id={testId} data-testid={testId} title={t("error.title")}>
      <Stack gap={4}>
        {errors.map((e, i) => (
          <Text key={i} size="sm">
            <Code>{e.code}</Code> {e.message}
            {e.requestId && (
              <Text span size="xs" c="dimmed">
                {" "}
                ({t("error.requestId", { id: e.requestId })})
              </Text>
            )}
          </Text>
        ))}
      </Stack>
    </Alert>
  );
}

/** What a plan-gated feature shows instead of an error: what it needs, and the way to get it. */
export function UpgradePrompt({ feature, plan }: { feature?: string; plan?: string }) {
  const { t } = useTranslation();
  return (
    <Alert color="indigo" data-testid="upgrade-prompt" title={t("plans.needsTitle", { plan: t(`plan.${plan ?? "PLUS"}`) })}>
      <Group justify="space-between">
        <Text size="sm">{feature ? t("plans.needs", { feature: t(`feature.${feature}`), plan: t(`plan.${plan ?? "PLUS"}`) }) : null}</Text>
        <Button component="a" href="#/plans" size="xs" data-testid="upgrade-link">
          {t("plans.seePlans")}
        </Button>
      </Group>
    </Alert>
  );
}

/**
 * An operation's error, with its code and request id; none when a refused session is what failed
 * (sign-in shows); an upgrade prompt when the learner's plan lacks the feature.
 */
export function ErrorBox({ error }: { error: unknown }) {
  if (!error || isUnauthenticated(error)) return null;
  const errors = describeError(error);
  const gated = errors.find((e) => e.code === "PLAN_REQUIRED");
  if (gated) return <UpgradePrompt feature={gated.feature} plan={gated.plan} />;
  return <ErrorList errors={errors} />;
}
