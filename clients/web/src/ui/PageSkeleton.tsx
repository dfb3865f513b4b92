import { Skeleton, Stack } from "@mantine/core";
import { useTranslation } from "react-i18next";

/** What shows while a page's data or code loads: the page's shape, not a spinner. */
export function PageSkeleton({ rows = 4 }: { rows?: number }) {
  const { t } = useTranslation();
  return (
    <Stack aria-busy="true" aria-label={t("common.loading")} data-testid="loading">
      <Skeleton height={32} width="40%" />
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} height={72} />
      ))}
    </Stack>
  );
}
