import "@mantine/core/styles.css";
import "@mantine/notifications/styles.css";
import { MantineProvider } from "@mantine/core";
import { Notifications } from "@mantine/notifications";
import { StrictMode, Suspense, lazy, type ReactNode } from "react";
import { createRoot } from "react-dom/client";
import { I18nextProvider } from "react-i18next";
import { DevTokenSession } from "./auth/DevTokenSession";
import { App } from "./components/App";
import { readConfig } from "./config";
import { i18n } from "./i18n";
import { cssVariablesResolver, theme } from "./theme";
import { PageSkeleton } from "./ui/PageSkeleton";

const config = readConfig();
// Clerk's bundle is fetched only when a publishable key is configured.
const ClerkSession = lazy(() => import("./auth/ClerkSession"));

function Sessions({ children }: { children: ReactNode }) {
  if (!config.clerkPublishableKey) return <DevTokenSession config={config}>{children}</DevTokenSession>;
  return (
    <Suspense fallback={<PageSkeleton />}>
      <ClerkSession publishableKey={config.clerkPublishableKey}>{children}</ClerkSession>
    </Suspense>
  );
}

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="auto">
        <Notifications position="top-right" />
        <Sessions>
          <App config={config} />
        </Sessions>
      </MantineProvider>
    </I18nextProvider>
  </StrictMode>,
);
