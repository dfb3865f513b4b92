import { Alert, Box, Button, Code, Paper, Stack, Text, Textarea, Title } from "@mantine/core";
import { useCallback, useMemo, useState, type FormEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { WebConfig } from "../config";
import { clearDrafts } from "../drafts";
import { ErrorList } from "../ui/ErrorBox";
import type { ShownError } from "../ui/errors";
import { rememberChosenLanguage } from "../i18n";
import { LanguageSwitch } from "../ui/LanguageSwitch";
import { checkToken } from "./check-token";
import { SessionContext, type Session } from "./session";

// Per tab, gone when the tab closes: a dev token is a bearer credential.
const STORAGE_KEY = "learnloop.devToken";

function DevTokenForm({ config, expired, onToken }: { config: WebConfig; expired: boolean; onToken(token: string): void }) {
  const { t } = useTranslation();
  const [value, setValue] = useState("");
  const [checking, setChecking] = useState(false);
  const [errors, setErrors] = useState<ShownError[] | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const token = value.trim().replace(/^Bearer\s+/i, "");
    if (!token) return setErrors([{ code: "BAD_USER_INPUT", message: t("signIn.empty") }]);
    setChecking(true);
    const refused = await checkToken(config, token);
    setChecking(false);
    if (refused) return setErrors(refused);
    onToken(token);
  };
  return (
    <Box component="main" px="md">
      <Paper component="form" maw={520} mx="auto" mt="xl" p="xl" withBorder shadow="sm" onSubmit={(e) => void submit(e)}>
        <Stack>
          <Title order={1} size="h2">
            {t("signIn.title")}
          </Title>
          {expired && (
            <Alert color="yellow" data-testid="session-expired" title={t("signIn.expiredTitle")}>
              {t("signIn.expired")}
            </Alert>
          )}
          <Text>
            {t("signIn.devTokenHelp")} <Code>npm run dev-token</Code>
          </Text>
          <Textarea
            label={t("signIn.tokenLabel")}
            data-testid="signin-token"
            autosize
            minRows={3}
            value={value}
            // Not Mantine's `error`, which turns the typed text red (3.3:1): the alert below says it.
            aria-invalid={errors ? true : undefined}
            aria-describedby={errors ? "signin-error" : undefined}
            onChange={(e) => {
              setValue(e.currentTarget.value);
              setErrors(null);
            }}
          />
          {errors && <ErrorList errors={errors} testId="signin-error" />}
          <Button data-testid="signin-submit" type="submit" loading={checking}>
            {t("signIn.submit")}
          </Button>
          <LanguageSwitch onChange={rememberChosenLanguage} />
        </Stack>
      </Paper>
    </Box>
  );
}

/**
 * The token's subject, read without checking the signature: it only files drafts, and the gateway
 * checked the token itself at sign-in.
 */
export function tokenSubject(token: string | null): string | null {
  try {
    const payload = token?.split(".")[1];
    if (!payload) return null;
    const json = JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/"))) as { sub?: unknown };
    return typeof json.sub === "string" ? json.sub : null;
  } catch {
    return null;
  }
}

/** Sign-in with a pasted development token, kept in sessionStorage and checked with the gateway first. */
export function DevTokenSession({ config, children }: { config: WebConfig; children: ReactNode }) {
  const [token, setToken] = useState(() => sessionStorage.getItem(STORAGE_KEY));
  const [expired, setExpired] = useState(false);
  const end = useCallback((keepDrafts: boolean) => {
    sessionStorage.removeItem(STORAGE_KEY);
    if (!keepDrafts) clearDrafts();
    setExpired(keepDrafts);
    setToken(null);
  }, []);
  const session = useMemo<Session>(
    () => ({
      key: token,
      userId: tokenSubject(token),
      getToken: async () => token,
      signOut: () => end(false),
      expire: () => end(true),
      signInView: (
        <DevTokenForm
          config={config}
          expired={expired}
          onToken={(t) => {
            sessionStorage.setItem(STORAGE_KEY, t);
            setExpired(false);
            setToken(t);
          }}
        />
      ),
    }),
    [config, token, expired, end],
  );
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}
