import { createContext, useContext, type ReactNode } from "react";
import type { TokenSource } from "../apollo/client";

export interface Session {
  /** Who is signed in (null when nobody): the API client and its cache are made per key. */
  key: string | null;
  /** The signed-in user's id, to file their drafts under; known before any query returns. */
  userId: string | null;
  getToken: TokenSource;
  /** Signs out on request: drafts are discarded. */
  signOut(): void;
  /**
   * The gateway refused the token mid-use: back to sign-in, keeping the page and every draft, so
   * signing in again returns to what the learner was typing.
   */
  expire(): void;
  /** What to show while signed out. */
  signInView: ReactNode;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside a session provider");
  return session;
}
