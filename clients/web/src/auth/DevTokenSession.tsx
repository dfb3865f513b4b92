import { useMemo, useState, type FormEvent, type ReactNode } from "react";
import { SessionContext, type Session } from "./session";

// Per tab, gone when the tab closes: a dev token is a bearer credential.
const STORAGE_KEY = "learnloop.devToken";

function DevTokenForm({ onToken }: { onToken(token: string): void }) {
  const [value, setValue] = useState("");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const token = value.trim().replace(/^Bearer\s+/i, "");
    if (token) onToken(token);
  };
  return (
    <form className="signin" onSubmit={submit}>
      <h2>Sign in</h2>
      <p>
        Paste a development token (<code>npm run dev-token</code>).
      </p>
      <textarea data-testid="signin-token" rows={4} value={value} onChange={(e) => setValue(e.target.value)} />
      <button data-testid="signin-submit" type="submit">
        Sign in
      </button>
    </form>
  );
}

/** Sign-in with a pasted development token, kept in sessionStorage. */
export function DevTokenSession({ children }: { children: ReactNode }) {
  const [token, setToken] = useState(() => sessionStorage.getItem(STORAGE_KEY));
  const session = useMemo<Session>(
    () => ({
      key: token,
      getToken: async () => token,
      signOut: () => {
        sessionStorage.removeItem(STORAGE_KEY);
        setToken(null);
      },
      signInView: (
        <DevTokenForm
          onToken={(t) => {
            sessionStorage.setItem(STORAGE_KEY, t);
            setToken(t);
          }}
        />
      ),
    }),
    [token],
  );
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}
