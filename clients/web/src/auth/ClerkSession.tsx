// Loaded only when VITE_CLERK_PUBLISHABLE_KEY is set, so dev-token builds never fetch Clerk.
import { ClerkProvider, SignIn, useAuth } from "@clerk/react";
import { useEffect, useMemo, useRef, type ReactNode } from "react";
import { PageSkeleton } from "../ui/PageSkeleton";
import { clearDrafts } from "../drafts";
import { SessionContext, type Session } from "./session";

function ClerkBridge({ children }: { children: ReactNode }) {
  const { isLoaded, userId, getToken, signOut } = useAuth();
  // Clerk refreshes short-lived session tokens: ask it each time. Through a ref, so the session
  // (and the API client made for it) changes only when the user does.
  const latest = useRef({ getToken, signOut });
  useEffect(() => {
    latest.current = { getToken, signOut };
  }, [getToken, signOut]);
  const session = useMemo<Session>(
    () => ({
      key: userId ?? null,
      userId: userId ?? null,
      getToken: () => latest.current.getToken(),
      signOut: () => {
        clearDrafts();
        void latest.current.signOut();
      },
      // Clerk refreshes its tokens itself: a refusal means the Clerk session ended. Drafts stay.
      expire: () => void latest.current.signOut(),
      signInView: <SignIn routing="hash" />,
    }),
    [userId],
  );
  if (!isLoaded) return <PageSkeleton />;
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export default function ClerkSession({ publishableKey, children }: { publishableKey: string; children: ReactNode }) {
  return (
    <ClerkProvider publishableKey={publishableKey}>
      <ClerkBridge>{children}</ClerkBridge>
    </ClerkProvider>
  );
}
