import { StrictMode, Suspense, lazy, type ReactNode } from "react";
import { createRoot } from "react-dom/client";
import { DevTokenSession } from "./auth/DevTokenSession";
import { App } from "./components/App";
import { readConfig } from "./config";
import "./styles.css";

const config = readConfig();
// Clerk's bundle is fetched only when a publishable key is configured.
const ClerkSession = lazy(() => import("./auth/ClerkSession"));

function Sessions({ children }: { children: ReactNode }) {
  if (!config.clerkPublishableKey) return <DevTokenSession>{children}</DevTokenSession>;
  return (
    <Suspense fallback={<p>Loading…</p>}>
      <ClerkSession publishableKey={config.clerkPublishableKey}>{children}</ClerkSession>
    </Suspense>
  );
}

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <Sessions>
      <App config={config} />
    </Sessions>
  </StrictMode>,
);
