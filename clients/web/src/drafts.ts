import { createContext, useCallback, useContext, useState } from "react";

// Per tab, like the session: what a learner typed survives a session that expires mid-use.
const PREFIX = "learnloop.draft.";

/** Whose drafts these are: the signed-in user's id, so another account in the same tab never sees them. */
export const DraftOwner = createContext<string>("");

interface Stored<T> {
  /** The server's value when the learner started typing. */
  base: T;
  value: T;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * State kept in sessionStorage under the user and `key` from the learner's first change until
 * `clear()`: a form's unsaved input. `initial` is what the server says now; a draft begun from
 * another server value (changed since, on another device) is dropped rather than written back.
 */
export function useDraft<T>(key: string, initial: T): [T, (value: T) => void, () => void] {
  const owner = useContext(DraftOwner);
  const storageKey = `${PREFIX}${owner}.${key}`;
  const [value, setValue] = useState<T>(() => {
    const saved = sessionStorage.getItem(storageKey);
    if (saved === null) return initial;
    try {
      const draft = JSON.parse(saved) as Stored<T>;
      if (same(draft.base, initial)) return draft.value;
    } catch {
      // unreadable: start again from the server's value
    }
    sessionStorage.removeItem(storageKey);
    return initial;
  });
  const [base] = useState(initial);
  const set = useCallback(
    (next: T) => {
      sessionStorage.setItem(storageKey, JSON.stringify({ base, value: next } satisfies Stored<T>));
      setValue(next);
    },
    [storageKey, base],
  );
  const clear = useCallback(() => sessionStorage.removeItem(storageKey), [storageKey]);
  return [value, set, clear];
}

/** On a deliberate sign-out, nothing typed should outlive the session. */
export function clearDrafts(): void {
  for (const key of Object.keys(sessionStorage)) if (key.startsWith(PREFIX)) sessionStorage.removeItem(key);
}
