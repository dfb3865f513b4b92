import { Alert, Code, Stack, Text } from "@mantine/core";
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

/** An operation's error, with its code and request id; none when a refused session is what failed (sign-in shows). */
export function ErrorBox({ error }: { error: unknown }) {
  if (!error || isUnauthenticated(error)) return null;
  return <ErrorList errors={describeError(error)} />;
}
