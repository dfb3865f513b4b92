import { useCallback, useState } from "react";

// Per tab, like the session: what a learner typed survives a session that expires mid-use.
const PREFIX = "learnloop.draft.";

/**
 * State kept in sessionStorage under `key` from the learner's first change until `clear()`: a
 * form's unsaved input. Until then `initial` (what the server says) shows.
 */
export function useDraft<T>(key: string, initial: T): [T, (value: T) => void, () => void] {
  const [value, setValue] = useState<T>(() => {
    const saved = sessionStorage.getItem(PREFIX + key);
    if (saved === null) return initial;
    try {
      return JSON.parse(saved) as T;
    } catch {
      return initial;
    }
  });
  const set = useCallback(
    (next: T) => {
      sessionStorage.setItem(PREFIX + key, JSON.stringify(next));
      setValue(next);
    },
    [key],
  );
  const clear = useCallback(() => sessionStorage.removeItem(PREFIX + key), [key]);
  return [value, set, clear];
}

/** Whether `key` holds unsaved input. */
export const hasDraft = (key: string) => sessionStorage.getItem(PREFIX + key) !== null;

/** On a deliberate sign-out, nothing typed should outlive the session. */
export function clearDrafts(): void {
  for (const key of Object.keys(sessionStorage)) if (key.startsWith(PREFIX)) sessionStorage.removeItem(key);
}
