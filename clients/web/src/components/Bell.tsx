import { ActionIcon, Indicator } from "@mantine/core";
import { useClickOutside } from "@mantine/hooks";
import { lazy, Suspense, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { BellIcon } from "../ui/icons";
import classes from "./Bell.module.css";

// The list, its queries and its widgets load on the first open: the header only needs the count.
const BellPanel = lazy(() => import("./BellPanel"));

/** Unread count in the header; the list loads when opened and grows live (see LiveUpdates). */
export function Bell({ userId, unread }: { userId: string; unread: number }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const root = useClickOutside(() => setOpen(false));
  // Escape closes it wherever the focus is (a click need not focus the button in every browser).
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [open]);
  return (
    <div ref={root} className={classes.root}>
      <Indicator label={<span data-testid="bell-count">{unread}</span>} size={18} disabled={unread === 0} offset={4}>
        <ActionIcon
          ref={button}
          variant="default"
          size="lg"
          data-testid="bell"
          aria-label={t("bell.label", { count: unread })}
          aria-expanded={open}
          aria-controls={open ? "bell-panel" : undefined}
          onClick={() => setOpen((o) => !o)}
        >
          <BellIcon />
        </ActionIcon>
      </Indicator>
      {open && (
        <div className={classes.panel} id="bell-panel" data-testid="bell-list">
          <Suspense fallback={null}>
            <BellPanel userId={userId} unread={unread} />
          </Suspense>
        </div>
      )}
    </div>
  );
}
