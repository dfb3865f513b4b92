import { ActionIcon, useComputedColorScheme, useMantineColorScheme } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { MoonIcon, SunIcon } from "./icons";

/** Light or dark; the first visit follows the system (Mantine keeps the choice in localStorage). */
export function ColorSchemeToggle() {
  const { t } = useTranslation();
  const { setColorScheme } = useMantineColorScheme();
  const scheme = useComputedColorScheme("light");
  const next = scheme === "dark" ? "light" : "dark";
  return (
    <ActionIcon
      variant="default"
      size="lg"
      data-testid="color-scheme"
      aria-label={t(next === "dark" ? "common.darkTheme" : "common.lightTheme")}
      onClick={() => setColorScheme(next)}
    >
      {scheme === "dark" ? <SunIcon /> : <MoonIcon />}
    </ActionIcon>
  );
}
