import { SegmentedControl } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { applyLanguage, toLanguage, type Language } from "../i18n";

/** English or 日本語; signed in, the choice is saved to the profile by `onChange`. */
export function LanguageSwitch({ onChange }: { onChange?(language: Language): void }) {
  const { t, i18n } = useTranslation();
  return (
    <SegmentedControl
      size="xs"
      data-testid="language-switch"
      aria-label={t("common.language")}
      value={toLanguage(i18n.language)}
      onChange={(value) => {
        const language = toLanguage(value);
        applyLanguage(language);
        onChange?.(language);
      }}
      data={[
        { value: "en", label: "English" },
        { value: "ja", label: "日本語" },
      ]}
    />
  );
}
